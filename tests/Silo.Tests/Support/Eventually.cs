using GitIntegration.TestSupport;

namespace GitIntegration.Silo.Tests.Support;

/// <summary>Polls for a condition with a generous limit: the tests wait for states, never for amounts of time.</summary>
public static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string what, ChildProcess? watched = null, int seconds = 120, int pollMilliseconds = 100)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            if (watched is { HasExited: true })
                Assert.Fail($"{watched.Name} exited while waiting for {what}:\n{watched.Tail()}");
            try
            {
                if (await condition())
                    return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow > deadline)
                Assert.Fail($"Timed out after {seconds} s waiting for {what}" + (watched is null ? "" : $":\n{watched.Tail()}"));
            await Task.Delay(pollMilliseconds);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what, ChildProcess? watched = null, int seconds = 120, int pollMilliseconds = 100) =>
        HoldsAsync(() => Task.FromResult(condition()), what, watched, seconds, pollMilliseconds);
}
