using System.Text.RegularExpressions;

namespace GitIntegration.Grains.Providers.Configuration;

/// <summary>
/// Provider ids follow Coder's name rule (codersdk.NameValid): letters of either case, digits and single hyphens
/// between them, so an id a Coder deployment already uses (GitHub-Corp, say) keeps working. At most 64 characters.
/// </summary>
public static partial class ProviderIds
{
    public const string Rule = "letters, digits and single hyphens, at most 64 characters";

    public static bool IsValid(string? id) => id is { Length: > 0 and <= 64 } && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9]+(-[A-Za-z0-9]+)*$")]
    private static partial Regex Pattern();
}
