using System.Globalization;

namespace GitIntegration.ProviderEmulator.Core.Api;

/// <summary>Each provider's rate-limit response headers.</summary>
public static class RateLimitHeaders
{
    public static void Write(ProviderInstance instance, HttpResponse response, RateWindow window)
    {
        var h = response.Headers;
        var reset = window.ResetAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        switch (instance.Type)
        {
            case ProviderType.GitHub:
                h["x-ratelimit-limit"] = Str(window.Limit);
                h["x-ratelimit-remaining"] = Str(window.Remaining);
                h["x-ratelimit-used"] = Str(Math.Min(window.Used, window.Limit));
                h["x-ratelimit-reset"] = reset;
                h["x-ratelimit-resource"] = "core";
                break;
            case ProviderType.GitLab:
                h["RateLimit-Limit"] = Str(window.Limit);
                h["RateLimit-Name"] = "throttle_authenticated_api";
                h["RateLimit-Observed"] = Str(window.Used);
                h["RateLimit-Remaining"] = Str(window.Remaining);
                h["RateLimit-Reset"] = reset;
                if (window.Exceeded)
                {
                    h["RateLimit-ResetTime"] = window.ResetAt.ToString("R", CultureInfo.InvariantCulture);
                }

                break;
            case ProviderType.BitbucketCloud:
                h["X-RateLimit-Limit"] = Str(window.Limit);
                h["X-RateLimit-Resource"] = "api";
                h["X-RateLimit-NearLimit"] = window.Remaining < window.Limit / 20 ? "true" : "false";
                break;
            case ProviderType.Entra:
                h["X-RateLimit-Resource"] = "Core";
                h["X-RateLimit-Delay"] = "0";
                h["X-RateLimit-Limit"] = Str(window.Limit);
                h["X-RateLimit-Remaining"] = Str(window.Remaining);
                h["X-RateLimit-Reset"] = reset;
                break;
            default:
                h["X-RateLimit-Limit"] = Str(window.Limit);
                h["X-RateLimit-Remaining"] = Str(window.Remaining);
                h["X-RateLimit-Reset"] = reset;
                break;
        }

        // GitLab and Azure DevOps add Retry-After when throttling; GitHub's primary limit relies on x-ratelimit-reset.
        if (window.Exceeded && instance.Type is ProviderType.GitLab or ProviderType.Entra)
        {
            h.RetryAfter = Str(Math.Max(1, (int)Math.Ceiling((window.ResetAt - instance.Now).TotalSeconds)));
        }
    }

    /// <summary>Headers of an exhausted window, for injected 429/403 faults.</summary>
    public static void WriteExhausted(ProviderInstance instance, HttpResponse response, DateTimeOffset resetAt)
    {
        var limit = instance.Settings.RateLimit is > 0 ? instance.Settings.RateLimit.Value : instance.Profile.RateLimit ?? 60;
        Write(instance, response, new RateWindow(limit, limit + 1, resetAt));
    }

    private static string Str(int value) => value.ToString(CultureInfo.InvariantCulture);
}
