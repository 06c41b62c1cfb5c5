using System.Text;
using GitIntegration.Actors;
using GitIntegration.Actors.Hosting;
using GitIntegration.Grains.Secrets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace GitIntegration.Grains.Tests.Users;

/// <summary>A real silo with every grain of the Grains assembly on a SQLite file in a temp folder that outlives restarts.</summary>
public sealed class UsersSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private UsersSilo(IHost host, string folder)
    {
        _host = host;
        Folder = folder;
    }

    public string Folder { get; }
    public string DatabasePath => Path.Combine(Folder, "gitintegration.db");
    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static readonly string EncryptionKey = SecretKeyRing.GenerateKey();

    public static Task<UsersSilo> StartAsync() =>
        StartAsync(Directory.CreateTempSubdirectory("gitintegration-users-").FullName);

    /// <summary>Starts a silo on the store in <paramref name="folder"/> (a restart when one ran there before).</summary>
    public static async Task<UsersSilo> StartAsync(string folder)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["GitIntegration:EncryptionKeys:0"] = EncryptionKey,
        });
        builder.Services.AddSingleton(new SecretProtector(SecretKeyRing.FromConfiguration(builder.Configuration)!));
        builder.Services.AddActors(options => options.SqlitePath = Path.Combine(folder, "gitintegration.db"))
            .AddGitIntegrationGrains(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        return new UsersSilo(host, folder);
    }

    /// <summary>Every stored grain state payload as text (JSON escapes such as \u002B undone), to check what reached the disk.</summary>
    public async Task<string> ReadAllStoredStateAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT grain_type, grain_key, payload FROM grain_state WHERE payload IS NOT NULL";
        var text = new StringBuilder();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            text.Append(reader.GetString(0)).Append(' ').Append(reader.GetString(1)).Append(' ')
                .AppendLine(reader.GetValue(2) is byte[] bytes ? Encoding.UTF8.GetString(bytes) : reader.GetString(2));
        return System.Text.RegularExpressions.Regex.Unescape(text.ToString());
    }

    private bool _stopped;

    /// <summary>Stops the silo and keeps its store, for a restart.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
            return;
        _stopped = true;
        await _host.StopAsync();
        _host.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Folder, recursive: true); }
        catch (IOException) { }
    }
}
