using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Api;
using GitIntegration.ProviderEmulator.Core.OAuth;
using GitIntegration.ProviderEmulator.Core.Repositories;

namespace GitIntegration.ProviderEmulator.Providers.Entra;

/// <summary>
/// Azure DevOps REST on an Entra instance: profile and git repositories. Accepts Entra access tokens issued for the
/// Azure DevOps resource (Bearer) and PATs (Basic, any username). There is no SSH-key API.
/// </summary>
public static class AzureDevOpsApiEndpoints
{
    public static void Map(RouteGroupBuilder entra)
    {
        entra.MapGet("/_apis/profile/profiles/me", (HttpContext context, ProviderInstance instance) =>
            Run(context, instance, p => ProviderJson.Json(new Dictionary<string, object?>
            {
                ["displayName"] = p.Account.Name,
                ["publicAlias"] = p.Account.Uuid.ToString("D"),
                ["emailAddress"] = p.Account.Email,
                ["coreRevision"] = 1,
                ["timeStamp"] = p.Account.CreatedAt.ToString("O"),
                ["id"] = p.Account.Uuid.ToString("D"),
                ["revision"] = 1,
            }))).Named("user");

        entra.MapGet("/{org}/_apis/git/repositories", (HttpContext context, ProviderInstance instance, string org) =>
            Run(context, instance, p =>
            {
                var repos = instance.Repositories.ForMember(p.Account.Id)
                    .Where(r => string.Equals(r.Owner, org, StringComparison.OrdinalIgnoreCase))
                    .Select(r => Repository(context, instance, r)).ToList();
                return ProviderJson.Json(new Dictionary<string, object?> { ["value"] = repos, ["count"] = repos.Count });
            })).Named("repos");
    }

    private static IResult Run(HttpContext context, ProviderInstance instance, Func<ApiPrincipal, IResult> handler)
    {
        context.Response.Headers["X-VSS-ResourceTenant"] = instance.TenantId;
        return ApiAuthentication.Run(context, instance, Authenticate(context, instance),
            _ =>
            {
                context.Response.Headers.WWWAuthenticate =
                    $"Bearer authorization_uri={instance.BaseUrl(context)}/{instance.TenantId}, Basic realm=\"{instance.BaseUrl(context)}/\"";
                return Results.StatusCode(StatusCodes.Status401Unauthorized);
            },
            window => ProviderJson.Json(new Dictionary<string, object?>
            {
                ["message"] = "TF400733: The request has been canceled: Request was blocked due to exceeding usage of resource 'Global' in namespace 'User'.",
                ["typeKey"] = "RequestBlockedException",
            }, StatusCodes.Status429TooManyRequests),
            handler);
    }

    /// <summary>Bearer: an Entra access token for the Azure DevOps resource. Basic: a PAT as password, any username.</summary>
    private static ApiAuthResult Authenticate(HttpContext context, ProviderInstance instance)
    {
        var credential = ApiCredential.Read(context.Request);
        switch (credential.Scheme)
        {
            case CredentialScheme.Bearer:
                var bearer = ApiAuthentication.Resolve(instance, credential.Token);
                return bearer.Principal is { Token: { Kind: TokenKind.Access } token } && !ForAzureDevOps(token.Scope)
                    ? new ApiAuthResult(null, AuthFailure.NotAccepted)
                    : bearer.Principal?.Token.Kind == TokenKind.PersonalAccess ? ApiAuthResult.Invalid : bearer;
            case CredentialScheme.Basic:
                var pat = instance.Tokens.Find(credential.Token);
                return pat is { Kind: TokenKind.PersonalAccess } ? ApiAuthentication.Check(instance, pat) : ApiAuthResult.Invalid;
            default:
                return ApiAuthResult.Missing;
        }
    }

    private static bool ForAzureDevOps(string scope) =>
        scope.Contains(TokenValues.AzureDevOpsResource, StringComparison.OrdinalIgnoreCase) ||
        scope.Contains("app.vssps.visualstudio.com", StringComparison.OrdinalIgnoreCase) ||
        scope.Split(' ').Any(s => s.StartsWith("vso.", StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, object?> Repository(HttpContext context, ProviderInstance instance, RepositoryRecord repo)
    {
        var project = repo.Project ?? repo.Name;
        var orgUrl = $"{instance.BaseUrl(context)}/{repo.Owner}";
        var web = repo.HtmlUrl ?? $"{orgUrl}/{Uri.EscapeDataString(project)}/_git/{Uri.EscapeDataString(repo.Name)}";
        return new Dictionary<string, object?>
        {
            ["id"] = repo.Uuid.ToString("D"),
            ["name"] = repo.Name,
            ["url"] = $"{orgUrl}/_apis/git/repositories/{repo.Uuid:D}",
            ["project"] = new Dictionary<string, object?> { ["name"] = project, ["state"] = "wellFormed", ["visibility"] = repo.Private ? "private" : "public" },
            ["defaultBranch"] = "refs/heads/" + repo.DefaultBranch,
            ["size"] = 0,
            ["remoteUrl"] = repo.CloneUrl ?? web,
            ["sshUrl"] = repo.SshUrl ?? $"git@ssh.{context.Request.Host.Host}:v3/{repo.Owner}/{project}/{repo.Name}",
            ["webUrl"] = web,
            ["isDisabled"] = false,
            ["isInMaintenance"] = false,
        };
    }
}
