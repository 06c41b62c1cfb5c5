using Microsoft.Data.Sqlite;

namespace GitIntegration.Benchmarks.Hosting;

/// <summary>A temporary folder for a benchmark's SQLite file, removed with everything in it.</summary>
public sealed class BenchFolder : IDisposable
{
    public BenchFolder(string name, bool inMemoryFileSystem = false)
    {
        // /dev/shm where asked: seeding 100,000 rows is set-up, not the measurement, and need not wait for the disk.
        var root = inMemoryFileSystem && Directory.Exists("/dev/shm") ? "/dev/shm" : System.IO.Path.GetTempPath();
        Path = Directory.CreateDirectory(System.IO.Path.Combine(root, $"gitintegration-bench-{name}-{Guid.NewGuid():N}")).FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
