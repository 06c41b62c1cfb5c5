namespace GitIntegration.Actors;

/// <summary>
/// The documented key alphabet: ASCII letters and digits and <c>- _ . : @ / + =</c>, 1 to 256 characters.
/// It keeps keys printable, URL-safe after escaping, and free of the ambiguities Orleans has
/// (no whitespace, no control characters, no reinterpretation of digits as numbers).
/// </summary>
public static class GrainKeyRules
{
    public const int MaxLength = 256;
    public const string AllowedPunctuation = "-_.:@/+=";

    public static bool IsAllowed(char c) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' || AllowedPunctuation.Contains(c);

    /// <summary>Throws <see cref="InvalidGrainKeyException"/> naming the problem.</summary>
    public static void Validate(string? key)
    {
        if (string.IsNullOrEmpty(key))
            throw new InvalidGrainKeyException("Grain key must not be empty.");
        if (key.Length > MaxLength)
            throw new InvalidGrainKeyException($"Grain key is {key.Length} characters; the limit is {MaxLength}.");
        for (var i = 0; i < key.Length; i++)
        {
            if (!IsAllowed(key[i]))
                throw new InvalidGrainKeyException(
                    $"Grain key has a character outside the allowed set (letters, digits and '{AllowedPunctuation}') at position {i}.");
        }
    }
}
