namespace GitIntegration.CredentialHelper;

/// <summary>What <c>get</c> answers git: <c>username</c>, <c>password</c> and, when known, <c>password_expiry_utc</c>.</summary>
public sealed record CredentialResponse(string? Username, string Password, DateTimeOffset? ExpiresAt)
{
    /// <summary>
    /// A value git can carry: no newline or NUL (a service that sent one could otherwise inject
    /// extra attributes such as another host into git's view of the credential).
    /// </summary>
    public static bool IsTransmittable(string? value) =>
        value is null || value.IndexOfAny(['\n', '\r', '\0']) < 0;

    public bool CanBeWritten => Password.Length > 0 && IsTransmittable(Username) && IsTransmittable(Password);

    /// <summary>Writes the attributes as <c>key=value\n</c> lines, in git's usual order.</summary>
    public void WriteTo(TextWriter writer)
    {
        if (!CanBeWritten)
            throw new InvalidOperationException("The credential cannot be written in git's format.");
        if (!string.IsNullOrEmpty(Username))
            WriteAttribute(writer, "username", Username);
        WriteAttribute(writer, "password", Password);
        if (ExpiresAt is { } expiresAt)
            WriteAttribute(writer, "password_expiry_utc", expiresAt.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture));
        writer.Flush();
    }

    private static void WriteAttribute(TextWriter writer, string key, string value)
    {
        writer.Write(key);
        writer.Write('=');
        writer.Write(value);
        writer.Write('\n');
    }
}
