namespace GitIntegration.ProviderEmulator.Core;

/// <summary>
/// Route constraint "{instance:ptype(github)}": matches only when the named instance exists and has that type,
/// so providers that share paths (GitHub and Gitea both use /login/oauth/authorize) live side by side.
/// </summary>
public sealed class InstanceTypeRouteConstraint(string type) : IRouteConstraint
{
    public const string Name = "ptype";

    private readonly ProviderType _type = ProviderTypeNames.TryParse(type, out var parsed)
        ? parsed
        : throw new ArgumentException($"unknown provider type '{type}'");

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection)
    {
        if (httpContext is null || values[routeKey] is not string name)
        {
            return false;
        }

        var instance = httpContext.RequestServices.GetRequiredService<EmulatorState>().Find(name);
        return instance is not null && instance.Type == _type;
    }
}
