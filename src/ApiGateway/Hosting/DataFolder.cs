namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Keeps the data folder private: created 0700, and the SQLite database created 0600 before storage opens it
/// (SQLite gives its -wal and -shm files the database file's mode). Without this they follow the umask, usually
/// 0755 and 0644: readable by every local user. A folder or file that already exists is left as it is, since
/// DataDirectory may name a folder the operator shares on purpose.
/// </summary>
public static class DataFolder
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Call once at start-up, before storage opens. <paramref name="sqlitePath"/>: null unless storage is SQLite.</summary>
    public static void Prepare(string dataDirectory, string? sqlitePath)
    {
        Create(dataDirectory, "GitIntegration:DataDirectory", CreateFolder);
        if (sqlitePath is not null)
            Create(sqlitePath, "GitIntegration:Storage:SqlitePath", CreateDatabaseFile);
    }

    /// <summary>Creates the folder (and missing parents) readable by the owner only, unless it exists.</summary>
    public static void CreateFolder(string path)
    {
        if (Directory.Exists(path))
            return;
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, OwnerOnlyFolder);
    }

    private static void CreateDatabaseFile(string path)
    {
        var full = Path.GetFullPath(path);
        if (File.Exists(full))
            return;
        CreateFolder(Path.GetDirectoryName(full)!);
        // OpenOrCreate, not CreateNew: should another process create it meanwhile, it is left untouched, never truncated.
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            options.UnixCreateMode = OwnerOnlyFile;
        using (new FileStream(full, options)) { }
    }

    private static void Create(string path, string key, Action<string> create)
    {
        try
        {
            create(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StartupException($"{key}: cannot create '{Path.GetFullPath(path)}': {e.Message}");
        }
    }
}
