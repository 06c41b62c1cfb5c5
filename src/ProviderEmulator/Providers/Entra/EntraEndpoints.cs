namespace GitIntegration.ProviderEmulator.Providers.Entra;

/// <summary>Microsoft Entra ID and Azure DevOps at E/{instance}.</summary>
public static class EntraEndpoints
{
    public static void MapEntra(this IEndpointRouteBuilder routes)
    {
        var entra = routes.MapGroup("/{instance:ptype(entra)}");
        EntraOAuthEndpoints.Map(entra);
        AzureDevOpsApiEndpoints.Map(entra);
    }
}
