using GitIntegration.ProviderEmulator.Control;

namespace GitIntegration.ProviderEmulator.Core.SshKeys;

public sealed class SshKeyRecord
{
    public required long Id { get; init; }
    /// <summary>Bitbucket Cloud identifies keys by a braced uuid.</summary>
    public required Guid Uuid { get; init; }
    public required long AccountId { get; init; }
    public required string Title { get; init; }
    public required SshPublicKey Key { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>The OAuth app whose token added the key (GitHub deletes these when the grant is revoked).</summary>
    public string? CreatedByClientId { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public string? UsageType { get; init; }
    public bool ReadOnly { get; init; }

    public string BracedUuid => "{" + Uuid.ToString("D") + "}";
}

public enum SshKeyAddResult
{
    Added,
    Duplicate,
    TitleTaken,
}

/// <summary>
/// The SSH keys of one instance. A key (by fingerprint) can belong to one account only, across the whole instance,
/// which is how every provider detects "already in use".
/// </summary>
public sealed class SshKeyStore(Lock gate)
{
    private readonly Dictionary<long, SshKeyRecord> _byId = [];
    private readonly Dictionary<string, long> _byFingerprint = new(StringComparer.Ordinal);
    private long _nextId = 90000;

    public (SshKeyAddResult Result, SshKeyRecord? Key) Add(
        long accountId, string title, SshPublicKey key, DateTimeOffset now, string? clientId,
        bool titleUniquePerAccount = false, DateTimeOffset? expiresAt = null, string? usageType = null, bool readOnly = false)
    {
        lock (gate)
        {
            if (_byFingerprint.TryGetValue(key.Sha256Fingerprint, out var existing))
            {
                return (SshKeyAddResult.Duplicate, _byId[existing]);
            }

            if (titleUniquePerAccount && _byId.Values.Any(k => k.AccountId == accountId && k.Title == title))
            {
                return (SshKeyAddResult.TitleTaken, null);
            }

            var record = new SshKeyRecord
            {
                Id = ++_nextId,
                Uuid = Guid.NewGuid(),
                AccountId = accountId,
                Title = title,
                Key = key,
                CreatedAt = now,
                CreatedByClientId = clientId,
                ExpiresAt = expiresAt,
                UsageType = usageType,
                ReadOnly = readOnly,
            };
            _byId[record.Id] = record;
            _byFingerprint[key.Sha256Fingerprint] = record.Id;
            return (SshKeyAddResult.Added, record);
        }
    }

    public IReadOnlyList<SshKeyRecord> ForAccount(long accountId)
    {
        lock (gate)
        {
            return _byId.Values.Where(k => k.AccountId == accountId).OrderBy(k => k.Id).ToList();
        }
    }

    public IReadOnlyList<SshKeyRecord> All()
    {
        lock (gate)
        {
            return _byId.Values.OrderBy(k => k.Id).ToList();
        }
    }

    public SshKeyRecord? Find(long id)
    {
        lock (gate)
        {
            return _byId.GetValueOrDefault(id);
        }
    }

    public SshKeyRecord? FindByUuid(Guid uuid)
    {
        lock (gate)
        {
            return _byId.Values.FirstOrDefault(k => k.Uuid == uuid);
        }
    }

    public bool Remove(long id)
    {
        lock (gate)
        {
            if (!_byId.Remove(id, out var record))
            {
                return false;
            }

            _byFingerprint.Remove(record.Key.Sha256Fingerprint);
            return true;
        }
    }

    /// <summary>Deletes the keys an app added for an account (GitHub grant revocation). Returns how many.</summary>
    public int RemoveCreatedBy(long accountId, string clientId)
    {
        lock (gate)
        {
            var doomed = _byId.Values.Where(k => k.AccountId == accountId && k.CreatedByClientId == clientId).Select(k => k.Id).ToList();
            doomed.ForEach(id => Remove(id));
            return doomed.Count;
        }
    }

    public static SshKeyInfo ToInfo(SshKeyRecord k, string login) => new(
        k.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), login, k.Title, k.Key.FullText,
        k.Key.Sha256Fingerprint, k.Key.Algorithm, k.Key.Bits, k.CreatedAt, k.CreatedByClientId);
}
