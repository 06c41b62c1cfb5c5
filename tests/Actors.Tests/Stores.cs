using GitIntegration.TestSupport;

namespace GitIntegration.Actors.Tests;

/// <summary>Both stores; PostgreSQL is left out only outside CI when no server is configured.</summary>
public static class Stores
{
    public static TheoryData<StoreKind> All
    {
        get
        {
            var data = new TheoryData<StoreKind> { StoreKind.Sqlite };
            if (TestPostgres.SkipReason is null)
                data.Add(StoreKind.Postgres);
            return data;
        }
    }
}
