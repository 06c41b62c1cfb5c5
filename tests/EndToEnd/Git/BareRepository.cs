namespace GitIntegration.EndToEnd.Git;

/// <summary>
/// A bare repository under the git server's project root, and a working copy beside it (not served) through
/// which the test adds commits, as another developer pushing would.
/// </summary>
public sealed class BareRepository
{
    private readonly string _bare;
    private readonly string _work;
    private readonly Dictionary<string, string> _environment;

    private BareRepository(string name, string bare, string work, string home)
    {
        Name = name;
        _bare = bare;
        _work = work;
        _environment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["GIT_AUTHOR_NAME"] = "Seed",
            ["GIT_AUTHOR_EMAIL"] = "seed@example.test",
            ["GIT_COMMITTER_NAME"] = "Seed",
            ["GIT_COMMITTER_EMAIL"] = "seed@example.test",
        };
    }

    /// <summary>The folder name under the project root, e.g. <c>project.git</c>: the path part of the clone URL.</summary>
    public string Name { get; }

    /// <summary>
    /// Creates <c>{projectRoot}/{name}</c> with one commit adding <paramref name="file"/>; the working copy and
    /// its HOME go under <paramref name="scratch"/>.
    /// </summary>
    public static async Task<BareRepository> CreateAsync(string projectRoot, string scratch, string name, string file, string content)
    {
        Directory.CreateDirectory(scratch);
        var repository = new BareRepository(name, Path.Combine(projectRoot, name), Path.Combine(scratch, "work"), scratch);
        await repository.GitAsync(scratch, "init", "--quiet", "--bare", "--initial-branch=main", repository._bare);
        await repository.GitAsync(scratch, "init", "--quiet", "--initial-branch=main", repository._work);
        await repository.CommitAsync(file, content, "Seed the repository");
        return repository;
    }

    /// <summary>Commits a file in the working copy and pushes it to the bare repository; returns the commit id.</summary>
    public async Task<string> CommitAsync(string file, string content, string message)
    {
        await File.WriteAllTextAsync(Path.Combine(_work, file), content);
        await GitAsync(_work, "add", file);
        await GitAsync(_work, "commit", "--quiet", "-m", message);
        await GitAsync(_work, "push", "--quiet", _bare, "main");
        return (await GitAsync(_work, "rev-parse", "HEAD")).Output.Trim();
    }

    private async Task<GitResult> GitAsync(string workingDirectory, params string[] args)
    {
        var result = await GitProcess.RunAsync(args, workingDirectory, _environment);
        Assert.True(result.ExitCode == 0, $"git {string.Join(' ', args)}: {result}");
        return result;
    }
}
