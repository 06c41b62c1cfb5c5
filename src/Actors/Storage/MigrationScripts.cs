namespace GitIntegration.Actors.Storage;

/// <summary>A versioned schema change; versions come from the file name prefix (0001_...).</summary>
public sealed record Migration(int Version, string Name, string Sql);

/// <summary>The migrations embedded for one database engine, in version order.</summary>
public static class MigrationScripts
{
    public static IReadOnlyList<Migration> For(string engine)
    {
        var assembly = typeof(MigrationScripts).Assembly;
        var prefix = $"migrations/{engine}/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                using var reader = new StreamReader(assembly.GetManifestResourceStream(n)!);
                return new Migration(int.Parse(file[..4]), file, reader.ReadToEnd());
            })
            .OrderBy(m => m.Version)
            .ToList();
    }
}
