namespace GitIntegration.TestSupport;

/// <summary>The clone the tests run from, and the build outputs of its programs.</summary>
public static class RepositoryRoot
{
    public static string Path { get; } = Find();

    /// <summary>Debug or Release, whichever the running test assembly was built in.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{System.IO.Path.DirectorySeparatorChar}Release{System.IO.Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary>The built dll of a program under src/ (built by the test project's reference to it).</summary>
    public static string ProgramDll(string projectFolder, string assemblyName) =>
        System.IO.Path.Combine(Path, "src", projectFolder, "bin", Configuration, "net10.0", assemblyName + ".dll");

    private static string Find()
    {
        var directory = AppContext.BaseDirectory;
        while (!File.Exists(System.IO.Path.Combine(directory, "GitIntegration.sln")))
            directory = System.IO.Path.GetDirectoryName(directory) ?? throw new InvalidOperationException("GitIntegration.sln not found above the test binaries.");
        return directory;
    }
}
