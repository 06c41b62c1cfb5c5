using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core.Accounts;

/// <summary>The accounts of one instance. Logins are unique, case-insensitively.</summary>
public sealed class AccountStore(Lock gate, TimeProvider clock)
{
    private readonly Dictionary<long, Account> _byId = [];
    private readonly Dictionary<string, Account> _byLogin = new(StringComparer.OrdinalIgnoreCase);
    private long _nextId = 1000;

    public Account Create(CreateAccountRequest request)
    {
        lock (gate)
        {
            if (_byLogin.ContainsKey(request.Login))
            {
                throw new InvalidOperationException($"account '{request.Login}' already exists");
            }

            var id = ++_nextId;
            var account = new Account
            {
                Id = id,
                Login = request.Login,
                Name = string.IsNullOrWhiteSpace(request.Name) ? request.Login : request.Name,
                Email = string.IsNullOrWhiteSpace(request.Email) ? request.Login.ToLowerInvariant() + "@example.com" : request.Email,
                AvatarUrl = request.AvatarUrl,
                Uuid = Guid.NewGuid(),
                CreatedAt = clock.GetUtcNow(),
            };
            _byId[id] = account;
            _byLogin[account.Login] = account;
            return account;
        }
    }

    /// <summary>Returns the account with this login, creating it on first sight (used by the sign-in pages).</summary>
    public Account GetOrCreate(string login)
    {
        lock (gate)
        {
            return FindByLogin(login) ?? Create(new CreateAccountRequest(login));
        }
    }

    public Account? FindByLogin(string? login)
    {
        if (string.IsNullOrEmpty(login))
        {
            return null;
        }

        lock (gate)
        {
            return _byLogin.GetValueOrDefault(login);
        }
    }

    public Account? FindById(long id)
    {
        lock (gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    /// <summary>Finds an account by Bitbucket Cloud selector: braced uuid or Atlassian account id.</summary>
    public Account? FindByBitbucketSelector(string selector)
    {
        lock (gate)
        {
            return _byId.Values.FirstOrDefault(a =>
                string.Equals(a.BracedUuid, selector, StringComparison.OrdinalIgnoreCase) ||
                string.Equals(a.AtlassianAccountId, selector, StringComparison.Ordinal));
        }
    }

    public IReadOnlyList<Account> All()
    {
        lock (gate)
        {
            return _byId.Values.OrderBy(a => a.Id).ToList();
        }
    }

    public static AccountInfo ToInfo(Account a, string avatarUrl) =>
        new(a.Id, a.Login, a.Name, a.Email, avatarUrl, a.Uuid.ToString("D"), a.AtlassianAccountId);
}
