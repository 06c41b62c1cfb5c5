using System.Text;
using GitIntegration.ApiGateway.Errors;
using GitIntegration.ApiGateway.Hosting;
using GitIntegration.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace GitIntegration.ApiGateway.Users;

/// <summary>Creating users (by name, or on first sign-in with a provider) and the sessions and links they sign in with.</summary>
public sealed class UserAccounts(IGrainFactory grains, IOptions<GatewayOptions> options)
{
    /// <summary>The reserved key name that marks a single-use sign-in link.</summary>
    public const string SignInLinkKeyName = "sign-in link";
    public const string BrowserSessionKeyName = "browser session";

    /// <summary>Claims the name for a new user id and creates the user; ConflictException when the name is taken.</summary>
    public async Task<UserProfile> CreateAsync(string username, string role = Roles.Member)
    {
        if (!GrainKeys.IsValidUsername(username))
            throw new InvalidFieldException("username", "1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit");
        var id = GrainKeys.NewUserId();
        if (!await grains.GetGrain<IUsernameGrain>(GrainKeys.Username(username)).ClaimAsync(id))
            throw new ConflictException($"The username '{username}' is taken.");
        return await grains.GetGrain<IUserGrain>(id).CreateAsync(username, role);
    }

    /// <summary>The user who signed in with this provider account before, or a new one named after the account's login.</summary>
    public async Task<string> FindOrCreateForIdentityAsync(string providerId, ExternalAccount account)
    {
        var identity = grains.GetGrain<IExternalIdentityGrain>(GrainKeys.ExternalIdentity(providerId, account.Id));
        if (await identity.GetUserIdAsync() is { } existing)
            return existing;
        var created = await CreateWithFreeNameAsync(UsernameFrom(account.Login));
        // Two first sign-ins at once: whichever bound first is the user; the other new user stays unused.
        return await identity.BindAsync(created.Id);
    }

    public Task<ApiKeyCreated> NewBrowserSessionAsync(string userId) =>
        grains.GetGrain<IUserGrain>(userId).CreateApiKeyAsync(new CreateApiKeyRequest(BrowserSessionKeyName, options.Value.SessionLifetime));

    public Task<ApiKeyCreated> NewSignInLinkKeyAsync(string userId) =>
        grains.GetGrain<IUserGrain>(userId).CreateApiKeyAsync(new CreateApiKeyRequest(SignInLinkKeyName, options.Value.SignInLinkLifetime));

    private async Task<UserProfile> CreateWithFreeNameAsync(string baseName)
    {
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var name = attempt == 1 ? baseName : $"{Truncate(baseName, 58)}-{attempt}";
            try
            {
                return await CreateAsync(name);
            }
            catch (ConflictException)
            {
            }
        }
        return await CreateAsync($"{Truncate(baseName, 52)}-{Guid.NewGuid().ToString("N")[..8]}");
    }

    /// <summary>A provider login made into a valid username: allowed characters only, starting with a letter or digit.</summary>
    public static string UsernameFrom(string login)
    {
        var name = new StringBuilder();
        foreach (var c in login)
        {
            if (char.IsAsciiLetterOrDigit(c) || (name.Length > 0 && c is '.' or '_' or '-'))
                name.Append(c);
        }
        var result = Truncate(name.ToString(), 64);
        return result.Length == 0 ? "user" : result;
    }

    private static string Truncate(string value, int length) => value.Length <= length ? value : value[..length];
}
