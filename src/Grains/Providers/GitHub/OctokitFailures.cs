using GitIntegration.Grains.Providers.Http;
using Octokit;

namespace GitIntegration.Grains.Providers.GitHub;

/// <summary>Octokit's failures as this service's: an error answer as a <see cref="ProviderResponse"/> (so GitHub's
/// answers are classified by the same rules as every provider's), and exceptions as typed provider exceptions.</summary>
public static class OctokitFailures
{
    public static ProviderResponse Response(IResponse response)
    {
        var headers = new Dictionary<string, string>(response.Headers ?? new Dictionary<string, string>(), StringComparer.OrdinalIgnoreCase);
        if (response.ContentType is { } contentType)
            headers["Content-Type"] = contentType;
        return new ProviderResponse((int)response.StatusCode, headers, response.Body as string ?? "");
    }

    /// <summary>A failed API call (keys, repositories, installations) as a <see cref="ProviderApiException"/>; null when
    /// the exception is not the provider's doing.</summary>
    public static ProviderApiException? ApiFailure(string operation, Exception error, ProviderHttp http, CancellationToken cancellationToken)
    {
        if (error is ApiException { HttpResponse: { } answer })
        {
            var response = Response(answer);
            return new ProviderApiException($"{operation} failed with {response.Describe()}.", response.Status, response.IsTransientFailure);
        }
        return http.Translate(operation, error, cancellationToken) is { } failure
            ? new ProviderApiException(failure.Message, null, transient: true)
            : null;
    }

    /// <summary>Octokit gives null when a 2xx answer is not application/json (an HTML page, an empty body).</summary>
    public static T Required<T>(string operation, T? value) where T : class =>
        value ?? throw new ProviderAnswerException($"{operation}: the answer is not JSON (empty, or another content type).");
}
