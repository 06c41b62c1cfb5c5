using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Providers.OAuth;

/// <summary>Reads an RFC 8628 device token answer: tokens, or the polling state the provider reports.</summary>
public static class DevicePolls
{
    private const int DefaultInterval = 5;

    /// <summary>Pending, slow_down (5 s more unless the provider says), expired and denied come back as
    /// <see cref="DevicePoll.Error"/>; anything else that is not tokens throws <see cref="ProviderTokenException"/>.</summary>
    public static DevicePoll Read(ProviderResponse response, string operation, DateTimeOffset now, IReadOnlyList<string>? extraTokenKeys = null)
    {
        var fields = TokenResponses.Fields(response);
        if (fields.GetValueOrDefault("error") is { Length: > 0 } error && !response.IsTransientFailure)
        {
            var code = Normalize(error);
            if (code is "authorization_pending" or "slow_down" or "expired_token" or "access_denied")
            {
                var interval = TokenResponses.Seconds(fields, "interval") ?? (code == "slow_down" ? DefaultInterval + 5 : DefaultInterval);
                return new DevicePoll(null, code, fields.GetValueOrDefault("error_description"), interval);
            }
        }
        return new DevicePoll(TokenResponses.Read(response, operation, now, extraTokenKeys), null, null, 0);
    }

    /// <summary>GitHub also says token_expired; Entra says authorization_declined for a refusal.</summary>
    private static string Normalize(string error) => error switch
    {
        "token_expired" => "expired_token",
        "authorization_declined" => "access_denied",
        _ => error,
    };
}
