using GitIntegration.ApiGateway.Errors;

namespace GitIntegration.ApiGateway.Endpoints;

/// <summary>
/// Statuses an endpoint answers without returning them itself, for the OpenAPI document: the authorization
/// middleware's 401/403, the central error mapping's 404 and 503, and results whose status is chosen at run time
/// (JsonHttpResult, IResult). Each carries Coder's error body.
/// </summary>
public static class OpenApiResponses
{
    public static TBuilder ProducesError<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(ApiError), ["application/json"]));
        return builder;
    }

    /// <summary>A route for any signed-in caller: 401 without a valid session.</summary>
    public static TBuilder ProducesSessionErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesError(StatusCodes.Status401Unauthorized);

    /// <summary>An administrators' route: 401 without a session, 403 for a member.</summary>
    public static TBuilder ProducesAdminErrors<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.ProducesError(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

    /// <summary>A redirect answered with no body (the Location header says where).</summary>
    public static TBuilder ProducesRedirect<TBuilder>(this TBuilder builder, params int[] statuses) where TBuilder : IEndpointConventionBuilder
    {
        foreach (var status in statuses)
            builder.WithMetadata(new ProducesResponseTypeMetadata(status, typeof(void), []));
        return builder;
    }
}
