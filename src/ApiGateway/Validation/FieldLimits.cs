using GitIntegration.ApiGateway.Contracts;
using GitIntegration.ApiGateway.Errors;

namespace GitIntegration.ApiGateway.Validation;

/// <summary>
/// The longest value the API takes in each field of a request body. Handlers check these first, so an oversized
/// value is a 400 naming the field and its limit before any grain sees it: nothing is stored, and no later error
/// message repeats it. The body size limit alone is not enough: one field of a 1 MB body would make a stored
/// state, and every answer that lists it, that large.
/// </summary>
public static class FieldLimits
{
    public const int ProviderId = 64; // Coder's name rule, as ProviderIds
    public const int ProviderType = 32;
    public const int DisplayName = 256;
    public const int Url = 2048; // what browsers and git servers reliably take
    public const int ClientId = 1024;
    public const int ClientSecret = 4096;
    public const int Scopes = 2048;
    public const int Regex = 1024;
    public const int Pkce = 16;
    public const int ConsumerKey = 256;
    public const int Username = 64; // as GrainKeys.IsValidUsername
    public const int Role = 16;
    public const int TokenName = 64;
    public const int PersonalToken = 4096;
    public const int AccountUsername = 256;
    public const int DeviceCode = 2048; // Entra ID's device codes run to several hundred characters
    public const int GitPassword = 8192;

    public static void Check(ProviderRequest body)
    {
        Check("id", body.Id, ProviderId);
        Check("type", body.Type, ProviderType);
        Check("display_name", body.DisplayName, DisplayName);
        Check("display_icon", body.DisplayIcon, Url);
        Check("client_id", body.ClientId, ClientId);
        Check("client_secret", body.ClientSecret, ClientSecret);
        Check("auth_url", body.AuthUrl, Url);
        Check("token_url", body.TokenUrl, Url);
        Check("validate_url", body.ValidateUrl, Url);
        Check("revoke_url", body.RevokeUrl, Url);
        Check("api_base_url", body.ApiBaseUrl, Url);
        Check("device_code_url", body.DeviceCodeUrl, Url);
        Check("scopes", body.Scopes, Scopes);
        Check("regex", body.Regex, Regex);
        Check("pkce", body.Pkce, Pkce);
        Check("app_install_url", body.AppInstallUrl, Url);
        Check("app_installations_url", body.AppInstallationsUrl, Url);
        Check("consumer_key", body.ConsumerKey, ConsumerKey);
    }

    public static void Check(CreateUserRequest body)
    {
        Check("username", body.Username, Username);
        Check("role", body.Role, Role);
    }

    public static void Check(UpdateRolesRequest body)
    {
        foreach (var role in body.Roles ?? [])
            Check("roles", role, Role);
    }

    public static void Check(CreateKeyRequest? body) => Check("token_name", body?.TokenName, TokenName);

    public static void Check(ExternalAuthDeviceExchange body) => Check("device_code", body.DeviceCode, DeviceCode);

    public static void Check(PersonalTokenBody body)
    {
        Check("token", body.Token, PersonalToken);
        Check("username", body.Username, AccountUsername);
    }

    public static void Check(GitCredentialsErase body)
    {
        Check("url", body.Url, Url);
        Check("password", body.Password, GitPassword);
    }

    private static void Check(string field, string? value, int limit)
    {
        if (value is not null && value.Length > limit)
            throw new InvalidFieldException(field, $"at most {limit} characters");
    }
}
