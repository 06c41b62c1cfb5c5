using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Links;

/// <summary>How presenting a refresh token failed, as far as the provider's side of it can be known.</summary>
internal enum SpendFailure
{
    /// <summary>The provider refused the token for good (invalid_grant, bad_refresh_token...).</summary>
    Refused,

    /// <summary>The request certainly never reached the provider, or the provider turned it away unprocessed
    /// (429): the token is still unspent.</summary>
    NotSent,

    /// <summary>No answer (timeout, reset, 5xx): the provider may have rotated the pair already.</summary>
    Unknown,

    /// <summary>Something that is neither the provider nor the network: a bug. The token may have been spent, so
    /// the link asks for re-authentication rather than retrying forever.</summary>
    Fault,
}

internal static class SpendFailures
{
    public static SpendFailure Classify(Exception error) => error switch
    {
        ProviderTokenException { Kind: ProviderErrorKind.Permanent } => SpendFailure.Refused,
        ProviderTokenException { HttpStatus: 429 } => SpendFailure.NotSent,
        _ when NeverConnected(error) => SpendFailure.NotSent,
        ProviderTokenException or ProviderUnreachableException or OperationCanceledException => SpendFailure.Unknown,
        _ => SpendFailure.Fault,
    };

    // A connection that was never established carried no request.
    private static bool NeverConnected(Exception error)
    {
        for (var e = error; e is not null; e = e.InnerException)
        {
            if (e is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
                    or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError })
                return true;
        }
        return false;
    }
}
