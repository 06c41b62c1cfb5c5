namespace GitIntegration.ApiGateway.Hosting;

/// <summary>
/// Holds an exclusive lock on <c>&lt;database&gt;.lock</c> beside the all-in-one SQLite file for the life of the
/// process. A second process on the same file would be a second silo, running every link a second time, so it is
/// refused at start-up with a message saying why. The operating system drops the lock when the process dies.
/// </summary>
public sealed class DataFolderLock : IDisposable
{
    private readonly FileStream _lock;

    private DataFolderLock(FileStream lockFile) => _lock = lockFile;

    public static DataFolderLock Acquire(string sqlitePath)
    {
        var path = Path.GetFullPath(sqlitePath) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        try
        {
            // FileShare.None is an exclusive advisory lock (flock) on Unix.
            var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            return new DataFolderLock(new FileStream(path, options));
        }
        catch (IOException)
        {
            throw new StartupException(
                $"{Path.GetDirectoryName(path)}: another GitIntegration process is already running on this data folder ({Path.GetFileName(sqlitePath)}). " +
                "Stop it first, or give this one its own GitIntegration:DataDirectory and GitIntegration:Storage:SqlitePath.");
        }
    }

    public void Dispose() => _lock.Dispose();
}
