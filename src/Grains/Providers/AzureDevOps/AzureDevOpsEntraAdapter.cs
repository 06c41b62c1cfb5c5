using Duende.IdentityModel.Client;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Providers.Configuration;
using GitIntegration.Grains.Providers.Http;

namespace GitIntegration.Grains.Providers.AzureDevOps;

/// <summary>
/// Azure DevOps through Microsoft Entra ID: the v2.0 endpoints with the Azure DevOps resource scope
/// (499b84ac-.../.default offline_access), PKCE, device code. Entra rotates refresh tokens without revoking the
/// old ones and has no RFC 7009 endpoint. A v1 AuthUrl (no /v2.0/, Coder's form) gets the resource parameter
/// instead of the scope's resource prefix.
/// </summary>
public sealed class AzureDevOpsEntraAdapter(ProviderConfig config, ProviderHttp http) : AzureDevOpsAdapterBase(config, http)
{
    private bool IsV1 => !Config.AuthUrl.Contains("/v2.0/", StringComparison.OrdinalIgnoreCase);

    protected override List<KeyValuePair<string, string?>> AuthorizeParameters(AuthorizeRequest request)
    {
        var parameters = base.AuthorizeParameters(request);
        if (IsV1)
            parameters.Add(new("resource", ProviderTypeDefaults.AzureDevOpsResource));
        return parameters;
    }

    protected override Parameters CodeExchangeParameters(AuthorizeCompletion completion) => WithResource(base.CodeExchangeParameters(completion));

    /// <summary>Entra v2.0 wants the scope again on refresh to know which resource the new access token is for.</summary>
    protected override string? RefreshScope => !IsV1 && Config.Scopes.Count > 0 ? string.Join(' ', Config.Scopes) : null;

    protected override Parameters RefreshParameters(TokenSet current) => WithResource(base.RefreshParameters(current));

    protected override Parameters DevicePollParameters() => WithResource(base.DevicePollParameters());

    private Parameters WithResource(Parameters parameters)
    {
        if (IsV1)
            parameters.Add("resource", ProviderTypeDefaults.AzureDevOpsResource);
        return parameters;
    }
}
