namespace GitIntegration.Actors.Storage;

/// <summary>Reminder and state times are kept at millisecond precision so they compare equal after a round trip.</summary>
internal static class UnixTime
{
    public static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset Truncate(DateTimeOffset time) => FromMs(Ms(time));
}
