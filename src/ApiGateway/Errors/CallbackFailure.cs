using System.Text.RegularExpressions;
using GitIntegration.Grains.Interfaces;
using Microsoft.AspNetCore.WebUtilities;

namespace GitIntegration.ApiGateway.Errors;

/// <summary>
/// A failed OAuth callback, for linking or for sign-in. API callers get the error body with its status, as Coder
/// answers; a browser (<see cref="BrowserNavigation"/>) is sent to the web UI, which says what happened and offers to
/// try again. The UI is given a reason from a fixed list, never a message: anyone can craft that URL, and a page of
/// this site must not display what the URL says.
/// </summary>
public sealed partial record CallbackFailure(string Reason, int Status, ApiError Error, string? ProviderError = null)
{
    // The reasons the web UI knows (wwwroot/js/pages/oauth-failure.js).
    public const string AccessDenied = "access_denied";
    public const string ProviderRefused = "provider_error";
    public const string StateMismatch = "state_mismatch";
    public const string NoFlow = "no_flow";
    public const string Failed = "failed";
    public const string Unavailable = "unavailable";
    public const string NotFound = "not_found";

    /// <summary>A callback this browser has no business completing (401, as Coder answers).</summary>
    public static CallbackFailure Refused(string reason, string message, string detail) =>
        new(reason, StatusCodes.Status401Unauthorized, new ApiError(message, detail));

    /// <summary>What a mapped exception means to the user: the provider's own refusal when the callback carried
    /// one (the state was checked before), otherwise by its status.</summary>
    public static CallbackFailure From((int Status, ApiError Error) mapped, WebFlowCallback callback)
    {
        var reason = callback.Error switch
        {
            "access_denied" => AccessDenied,
            not null => ProviderRefused,
            null => mapped.Status switch
            {
                StatusCodes.Status503ServiceUnavailable => Unavailable,
                StatusCodes.Status404NotFound => NotFound,
                _ => Failed,
            },
        };
        return new CallbackFailure(reason, mapped.Status, mapped.Error, reason == ProviderRefused ? callback.Error : null);
    }

    /// <summary>Linking: the provider's page in the UI (/external-auth/{id}), whose Connect button starts again.</summary>
    public IResult ForLinking(HttpRequest request, string providerId) =>
        Answer(request, $"/external-auth/{Uri.EscapeDataString(providerId)}", []);

    /// <summary>Sign-in: the UI's sign-in page, which offers that provider again and then goes on to <paramref name="returnTo"/>.</summary>
    public IResult ForSignIn(HttpRequest request, string providerId, string? returnTo) =>
        Answer(request, "/login", [new("provider", providerId), new("redirect", returnTo)]);

    private IResult Answer(HttpRequest request, string page, KeyValuePair<string, string?>[] query)
    {
        if (!BrowserNavigation.WantsPage(request))
            return TypedResults.Json(Error, statusCode: Status);
        var code = ProviderError is not null && ErrorCode().IsMatch(ProviderError) ? ProviderError : null;
        // AddQueryString leaves out the parameters whose value is null.
        return TypedResults.Redirect(QueryHelpers.AddQueryString(page, [new("error", Reason), new("provider_error", code), .. query]));
    }

    /// <summary>An OAuth error code as providers send them (RFC 6749 4.1.2.1: invalid_scope, temporarily_unavailable...);
    /// anything else is not passed on.</summary>
    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}$")]
    private static partial Regex ErrorCode();
}
