using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Links;

/// <summary>Turns what a provider call threw into the short text a link records (never a token; adapters keep
/// tokens out of their messages) and tells transient failures from the rest.</summary>
internal static class ProviderErrors
{
    private const int MaxLength = 400;

    public static bool IsTransient(Exception error) => error switch
    {
        ProviderTokenException token => token.Kind == ProviderErrorKind.Transient,
        ProviderApiException api => api.Transient,
        ProviderUnreachableException or ProviderUnavailableException or HttpRequestException or OperationCanceledException or TimeoutException => true,
        _ => false,
    };

    public static TimeSpan? RetryAfter(Exception error) => (error as ProviderTokenException)?.RetryAfter;

    public static string Describe(string action, Exception error)
    {
        var text = error switch
        {
            ProviderTokenException { ErrorCode: { } code } token => $"{action}: {code}: {token.Message}",
            ProviderTokenException { HttpStatus: { } status } token => $"{action}: HTTP {status}: {token.Message}",
            OperationCanceledException or TimeoutException => $"{action}: the provider did not answer in time",
            ProviderUnreachableException or HttpRequestException => $"{action}: the provider could not be reached",
            _ => $"{action}: {error.Message}",
        };
        return text.Length <= MaxLength ? text : text[..MaxLength];
    }
}
