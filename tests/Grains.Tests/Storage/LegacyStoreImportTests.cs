using System.Text.Json;
using GitIntegration.Grains.Interfaces;
using GitIntegration.Grains.Links;
using GitIntegration.Grains.Providers;
using GitIntegration.Grains.Secrets;
using GitIntegration.Grains.Storage;
using GitIntegration.Grains.Users;
using GitIntegration.TestSupport;
using Microsoft.Data.Sqlite;

namespace GitIntegration.Grains.Tests.Storage;

/// <summary>
/// A store written by the service's earlier actor runtime (tables grain_state and reminders, as its migrations
/// created them) is carried over at the first start on Orleans: users, usernames and links with their encrypted
/// tokens still work, reminders still fire for the same grains, and the old tables are kept aside.
/// </summary>
public sealed class LegacyStoreImportTests : IDisposable
{
    private const string OldSchema = """
        CREATE TABLE grain_state (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, state_name TEXT NOT NULL, payload BLOB NULL,
            etag INTEGER NOT NULL, "partition" INTEGER NOT NULL, epoch INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)) WITHOUT ROWID;
        CREATE TABLE reminders (grain_type TEXT NOT NULL, grain_key TEXT NOT NULL, name TEXT NOT NULL, "partition" INTEGER NOT NULL,
            due_at INTEGER NOT NULL, period INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (grain_type, grain_key, name)) WITHOUT ROWID;
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("gitintegration-legacy-").FullName;
    private string DatabasePath => Path.Combine(_folder, "gitintegration.db");

    [Fact]
    public async Task Users_usernames_and_links_of_the_earlier_store_work_on_orleans()
    {
        var key = SecretKeyRing.GenerateKey();
        var protector = new SecretProtector(SecretKeyRing.Parse([key]));
        var userId = GrainKeys.NewUserId();
        var linkKey = GrainKeys.Link(userId, "github");
        const string token = "ghp_legacyPersonalToken0123456789abcdef";
        var due = DateTimeOffset.UtcNow.AddHours(1);
        await WriteOldStoreAsync(
            [
                ("username", "abc", "username", new UsernameState { UserId = userId }),
                ("user", userId, "user", new UserState { Username = "abc", Role = Roles.Member, CreatedAt = DateTimeOffset.UnixEpoch, LinkedProviders = ["github"] }),
                ("gitlink", linkKey, "link", new LinkState
                {
                    Method = LinkMethod.PersonalToken,
                    TokenKind = TokenKind.PersonalToken,
                    // Bound to the grain id "gitlink/{key}", as the earlier runtime's grain ids were printed.
                    AccessToken = protector.Encrypt(token, $"gitlink/{linkKey}:{TokenVault.AccessTokenField}"),
                    Account = new ExternalAccount("42", "octo"),
                    CreatedAt = DateTimeOffset.UnixEpoch,
                }),
            ],
            [("gitlink", linkKey, "revalidate", due.ToUnixTimeMilliseconds(), (long)TimeSpan.FromDays(1).TotalMilliseconds)]);

        await using var silo = await TestSilo.StartAsync(StorageTarget.Sqlite(DatabasePath), [key], new Dictionary<string, string?>
        {
            ["GitIntegration:Providers:0:Id"] = "github",
            ["GitIntegration:Providers:0:Type"] = "github",
            ["GitIntegration:Providers:0:ClientId"] = "legacy-app",
        });

        Assert.Equal(userId, await silo.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("abc")).GetUserIdAsync());
        var profile = await silo.Grains.GetGrain<IUserGrain>(userId).GetAsync();
        Assert.Equal("abc", profile!.Username);
        Assert.Equal(["github"], profile.LinkedProviders);
        var result = await silo.Grains.GetGrain<IGitLinkGrain>(linkKey).GetTokenAsync();
        Assert.Equal(TokenOutcome.Valid, result.Outcome);
        Assert.Equal(token, result.AccessToken);
        var reminder = Assert.Single(await StoredRows.Sqlite(DatabasePath).RemindersAsync());
        Assert.Equal(($"gitlink/{linkKey}", "revalidate"), (reminder.GrainId, reminder.Name));
        Assert.Equal(due.ToUnixTimeMilliseconds(), new DateTimeOffset(reminder.StartTime, TimeSpan.Zero).ToUnixTimeMilliseconds());
        Assert.Equal(["grain_state_before_orleans", "reminders_before_orleans"], await LegacyTablesAsync());
    }

    [Fact]
    public async Task A_second_start_imports_nothing_again()
    {
        var key = SecretKeyRing.GenerateKey();
        var userId = GrainKeys.NewUserId();
        await WriteOldStoreAsync([("username", "abc", "username", new UsernameState { UserId = userId })], []);
        await using (await TestSilo.StartAsync(StorageTarget.Sqlite(DatabasePath), [key]))
        {
        }
        await using var again = await TestSilo.StartAsync(StorageTarget.Sqlite(DatabasePath), [key]);

        var name = again.Grains.GetGrain<IUsernameGrain>(GrainKeys.Username("abc"));
        Assert.Equal(userId, await name.GetUserIdAsync());
        Assert.Single(await StoredRows.Sqlite(DatabasePath).StatesAsync(), s => s.StateName == "username");
    }

    [PostgresFact]
    public async Task A_link_of_an_earlier_postgres_store_keeps_its_token_and_reminder()
    {
        var postgres = await TestPostgres.CreateDatabaseAsync();
        var key = SecretKeyRing.GenerateKey();
        var protector = new SecretProtector(SecretKeyRing.Parse([key]));
        var linkKey = GrainKeys.Link(GrainKeys.NewUserId(), "github");
        const string token = "ghp_legacyPostgresToken0123456789abcdef";
        var link = new LinkState
        {
            Method = LinkMethod.PersonalToken,
            TokenKind = TokenKind.PersonalToken,
            AccessToken = protector.Encrypt(token, $"gitlink/{linkKey}:{TokenVault.AccessTokenField}"),
            Account = new ExternalAccount("42", "octo"),
        };
        await using (var connection = new Npgsql.NpgsqlConnection(postgres))
        {
            await connection.OpenAsync();
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE TABLE grain_state (grain_type text NOT NULL, grain_key text NOT NULL, state_name text NOT NULL, payload bytea NULL,
                    etag bigint NOT NULL, "partition" integer NOT NULL, epoch bigint NOT NULL DEFAULT 0,
                    updated_at timestamptz NOT NULL DEFAULT clock_timestamp(), PRIMARY KEY (grain_type, grain_key, state_name));
                CREATE TABLE reminders (grain_type text NOT NULL, grain_key text NOT NULL, name text NOT NULL, "partition" integer NOT NULL,
                    due_at timestamptz NOT NULL, period bigint NOT NULL DEFAULT 0, PRIMARY KEY (grain_type, grain_key, name));
                INSERT INTO grain_state VALUES ('gitlink', @key, 'link', @payload, 3, 17, 2);
                INSERT INTO reminders VALUES ('gitlink', @key, 'revalidate', 17, now() + interval '1 hour', 86400000);
                """, connection);
            command.Parameters.AddWithValue("key", linkKey);
            command.Parameters.AddWithValue("payload", JsonSerializer.SerializeToUtf8Bytes(link, GrainStateJsonSerializer.Options));
            await command.ExecuteNonQueryAsync();
        }

        await using var silo = await TestSilo.StartAsync(StorageTarget.Postgres(postgres), [key], new Dictionary<string, string?>
        {
            ["GitIntegration:Providers:0:Id"] = "github",
            ["GitIntegration:Providers:0:Type"] = "github",
            ["GitIntegration:Providers:0:ClientId"] = "legacy-app",
        });

        Assert.Equal(token, (await silo.Grains.GetGrain<IGitLinkGrain>(linkKey).GetTokenAsync()).AccessToken);
        var reminder = Assert.Single(await StoredRows.Postgres(postgres).RemindersAsync());
        Assert.Equal(($"gitlink/{linkKey}", "revalidate"), (reminder.GrainId, reminder.Name));
    }

    private async Task WriteOldStoreAsync(
        IEnumerable<(string Type, string Key, string StateName, object State)> states, IEnumerable<(string Type, string Key, string Name, long DueAt, long Period)> reminders)
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using (var create = connection.CreateCommand())
        {
            create.CommandText = OldSchema;
            await create.ExecuteNonQueryAsync();
        }
        foreach (var (type, key, stateName, state) in states)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO grain_state VALUES (@type, @key, @state, @payload, 1, 0, 0, 0)";
            insert.Parameters.AddWithValue("@type", type);
            insert.Parameters.AddWithValue("@key", key);
            insert.Parameters.AddWithValue("@state", stateName);
            insert.Parameters.AddWithValue("@payload", JsonSerializer.SerializeToUtf8Bytes(state, state.GetType(), GrainStateJsonSerializer.Options));
            await insert.ExecuteNonQueryAsync();
        }
        foreach (var (type, key, name, dueAt, period) in reminders)
        {
            await using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO reminders VALUES (@type, @key, @name, 0, @due, @period)";
            insert.Parameters.AddWithValue("@type", type);
            insert.Parameters.AddWithValue("@key", key);
            insert.Parameters.AddWithValue("@name", name);
            insert.Parameters.AddWithValue("@due", dueAt);
            insert.Parameters.AddWithValue("@period", period);
            await insert.ExecuteNonQueryAsync();
        }
    }

    private async Task<List<string>> LegacyTablesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%before_orleans' ORDER BY name";
        var names = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            names.Add(reader.GetString(0));
        return names;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
