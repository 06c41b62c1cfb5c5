using GitIntegration.ProviderEmulator.Core;
using GitIntegration.ProviderEmulator.Core.Accounts;
using GitIntegration.ProviderEmulator.Core.SshKeys;
using static GitIntegration.ProviderEmulator.Control.ControlEndpoints;

namespace GitIntegration.ProviderEmulator.Control;

/// <summary>Control API: accounts and what belongs to them (repositories, installations, SSH keys, device approvals).</summary>
public static class AccountControlEndpoints
{
    public static void Map(RouteGroupBuilder control)
    {
        control.MapPost("/instances/{name}/accounts", (HttpContext context, EmulatorState state, string name, CreateAccountRequest request) =>
            WithInstance(state, name, instance =>
            {
                if (string.IsNullOrWhiteSpace(request.Login))
                {
                    throw new ArgumentException("login is required");
                }

                var account = instance.Accounts.Create(request);
                return Results.Created($"/_control/instances/{name}/accounts/{account.Login}", Info(context, instance, account));
            }));

        control.MapGet("/instances/{name}/accounts", (HttpContext context, EmulatorState state, string name) =>
            WithInstance(state, name, instance => Results.Ok(instance.Accounts.All().Select(a => Info(context, instance, a)))));

        control.MapGet("/instances/{name}/accounts/{login}", (HttpContext context, EmulatorState state, string name, string login) =>
            WithAccount(state, name, login, (instance, account) => Results.Ok(Info(context, instance, account))));

        control.MapPost("/instances/{name}/accounts/{login}/repositories", (EmulatorState state, string name, string login, SeedRepository[] repositories) =>
            WithAccount(state, name, login, (instance, account) => Results.Ok(repositories
                .Select(r => instance.Repositories.AddForMember(account.Id, account.Login, r, instance.Now).ToInfo()).ToList())));

        control.MapPost("/instances/{name}/accounts/{login}/installations", (EmulatorState state, string name, string login, SeedInstallation seed) =>
            WithAccount(state, name, login, (instance, account) =>
            {
                var installation = instance.Repositories.AddInstallation(account.Id, account.Login, seed, instance.Now);
                var repositories = instance.Repositories.InstallationRepositories(installation, account.Id).Select(r => r.FullName).ToList();
                return Results.Ok(new InstallationInfo(installation.Id, installation.AccountLogin, installation.TargetType,
                    installation.AppSlug, installation.ClientId, installation.RepositorySelection, repositories));
            }));

        control.MapGet("/instances/{name}/accounts/{login}/ssh-keys", (EmulatorState state, string name, string login) =>
            WithAccount(state, name, login, (instance, account) =>
                Results.Ok(instance.SshKeys.ForAccount(account.Id).Select(k => SshKeyStore.ToInfo(k, account.Login)))));

        control.MapGet("/instances/{name}/ssh-keys", (EmulatorState state, string name) =>
            WithInstance(state, name, instance => Results.Ok(instance.SshKeys.All()
                .Select(k => SshKeyStore.ToInfo(k, instance.Accounts.FindById(k.AccountId)?.Login ?? "")))));

        control.MapPost("/instances/{name}/device/approve", (EmulatorState state, string name, DeviceDecisionRequest request) =>
            WithInstance(state, name, instance =>
            {
                var account = instance.Accounts.FindByLogin(request.Login)
                              ?? throw new ArgumentException($"approving needs the login of an existing account, got '{request.Login}'");
                return Decide(instance, request.UserCode, account.Id, approve: true);
            }));

        control.MapPost("/instances/{name}/device/deny", (EmulatorState state, string name, DeviceDecisionRequest request) =>
            WithInstance(state, name, instance => Decide(instance, request.UserCode, null, approve: false)));
    }

    private static IResult Decide(ProviderInstance instance, string userCode, long? accountId, bool approve)
    {
        var problem = instance.Devices.Decide(userCode ?? "", accountId, approve, instance.Now);
        return problem is null ? Results.NoContent() : Results.BadRequest(new ControlError(problem));
    }

    private static AccountInfo Info(HttpContext context, ProviderInstance instance, Account account) =>
        AccountStore.ToInfo(account, account.AvatarUrl ?? $"{EmulatorBase(context)}/{instance.Name}/avatars/{Uri.EscapeDataString(account.Login)}");
}
