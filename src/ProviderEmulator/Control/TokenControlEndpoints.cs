using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.OAuth;
using static GitIntegration.ProviderEmulator.Control.ControlEndpoints;

namespace GitIntegration.ProviderEmulator.Control;

/// <summary>Control API: personal access tokens, expiring or revoking any token, and introspection.</summary>
public static class TokenControlEndpoints
{
    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/instances/{name}/accounts/{login}/pats", (EmulatorState state, string name, string login, IssuePatRequest? request) =>
            WithAccount(state, name, login, (instance, account) =>
            {
                var now = instance.Now;
                var scopes = request?.Scopes ?? DefaultPatScopes(instance.Type);
                var pat = new TokenRecord
                {
                    Value = TokenValues.PersonalAccessToken(instance),
                    Kind = TokenKind.PersonalAccess,
                    AccountId = account.Id,
                    Scope = scopes,
                    IssuedAt = now,
                    ExpiresAt = request?.ExpiresInSeconds is > 0 ? now.AddSeconds(request.ExpiresInSeconds.Value) : null,
                    Id = instance.Tokens.NextId(),
                    Name = request?.Name,
                };
                instance.Tokens.Add(pat);
                return Results.Ok(new PatInfo(pat.Value, instance.Name, account.Login, scopes, pat.ExpiresAt));
            }));

        control.MapPost("/tokens/expire", (EmulatorState state, TokenBody body) =>
            WithToken(state, body, (instance, token) =>
            {
                lock (instance.Gate)
                {
                    token.ExpiresAt = instance.Now;
                }

                return Results.NoContent();
            }));

        control.MapPost("/tokens/revoke", (EmulatorState state, TokenBody body) =>
            WithToken(state, body, (instance, token) =>
            {
                instance.Tokens.Revoke(token, instance.Now, withPair: false);
                return Results.NoContent();
            }));

        control.MapPost("/tokens/introspect", (EmulatorState state, TokenBody body) =>
        {
            var (instance, token) = Locate(state, body?.Token);
            if (instance is null || token is null)
            {
                return Results.Ok(new IntrospectionResult(false));
            }

            var account = instance.Accounts.FindById(token.AccountId);
            var usable = token.Kind is TokenKind.Access or TokenKind.PersonalAccess or TokenKind.OAuth1Access;
            return Results.Ok(new IntrospectionResult(
                usable && token.IsActive(instance.Now), instance.Name, account?.Login, token.AccountId, token.ExpiresAt,
                token.KindName, token.ClientId, token.Scope));
        });
    }

    private static IResult WithToken(EmulatorState state, TokenBody? body, Func<ProviderInstance, TokenRecord, IResult> action)
    {
        var (instance, token) = Locate(state, body?.Token);
        return instance is null || token is null ? Results.NotFound(new ControlError("unknown token")) : action(instance, token);
    }

    private static (ProviderInstance? Instance, TokenRecord? Token) Locate(EmulatorState state, string? value)
    {
        foreach (var instance in state.All())
        {
            if (instance.Tokens.Find(value) is { } token)
            {
                return (instance, token);
            }
        }

        return (null, null);
    }

    private static string DefaultPatScopes(ProviderType type) => type switch
    {
        ProviderType.GitHub => "repo read:user user:email admin:public_key",
        ProviderType.GitLab => "api read_user read_repository write_repository",
        ProviderType.Gitea => "write:user write:repository",
        ProviderType.BitbucketCloud => "read:user:bitbucket read:repository:bitbucket write:repository:bitbucket read:ssh-key:bitbucket write:ssh-key:bitbucket",
        ProviderType.BitbucketServer => "REPO_WRITE ACCOUNT_WRITE",
        ProviderType.Entra => "vso.code_write vso.profile",
        _ => "read write",
    };
}
