using System.Runtime.Versioning;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.ApiGateway.Tests.Support;

namespace GitIntegration.ApiGateway.Tests;

/// <summary>The all-in-one data folder is private: the folder 0700, the SQLite files 0600.</summary>
[UnsupportedOSPlatform("windows")]
public sealed class DataFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _parent = Directory.CreateTempSubdirectory("gitintegration-data-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(_parent, recursive: true); }
        catch (IOException) { }
    }

    [Fact]
    public async Task The_gateway_creates_its_data_folder_and_database_readable_by_the_owner_only()
    {
        var data = Path.Combine(_parent, "data");
        var database = Path.Combine(data, "gitintegration.db");
        await using var gateway = await TestGateway.StartAsync(new GatewaySetup
        {
            Settings = { ["GitIntegration:DataDirectory"] = data, ["GitIntegration:Storage:SqlitePath"] = database },
        });

        await gateway.CreateUserAsync("alice"); // writes, so SQLite has made its -wal and -shm files

        Assert.Equal(OwnerOnlyFolder, File.GetUnixFileMode(data));
        var sqliteFiles = Directory.GetFiles(data, "gitintegration.db*");
        Assert.Contains(database, sqliteFiles);
        Assert.Contains(database + "-wal", sqliteFiles);
        Assert.All(sqliteFiles, file => Assert.True(File.GetUnixFileMode(file) == OwnerOnlyFile, $"{file} is {File.GetUnixFileMode(file)}"));
    }

    [Fact]
    public void An_existing_database_and_folder_are_left_as_they_are()
    {
        var database = Path.Combine(_parent, "gitintegration.db");
        File.WriteAllBytes(database, [1, 2, 3]);
        File.SetUnixFileMode(database, OwnerOnlyFile | UnixFileMode.GroupRead);
        File.SetUnixFileMode(_parent, OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        DataFolder.Prepare(_parent, database);

        Assert.Equal([1, 2, 3], File.ReadAllBytes(database));
        Assert.Equal(OwnerOnlyFile | UnixFileMode.GroupRead, File.GetUnixFileMode(database));
        Assert.Equal(OwnerOnlyFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(_parent));
    }

    [Fact]
    public void A_folder_that_cannot_be_made_stops_start_up_naming_the_key()
    {
        var file = Path.Combine(_parent, "a-file");
        File.WriteAllText(file, "");

        var error = Assert.Throws<StartupException>(() => DataFolder.Prepare(_parent, Path.Combine(file, "gitintegration.db")));

        Assert.StartsWith("GitIntegration:Storage:SqlitePath: cannot create", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
