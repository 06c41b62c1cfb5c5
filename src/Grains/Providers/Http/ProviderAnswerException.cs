namespace GitIntegration.Grains.Providers.Http;

/// <summary>
/// The provider answered something this service cannot use: too large, not JSON where JSON is due, truncated, or
/// without what the protocol requires. Adapters turn it into a transient <see cref="ProviderTokenException"/>
/// (error code <see cref="ErrorCode"/>) or <see cref="ProviderApiException"/>; it never leaves an adapter.
/// </summary>
public class ProviderAnswerException(string message, Exception? inner = null) : Exception(message, inner)
{
    public const string ErrorCode = "invalid_response";
}
