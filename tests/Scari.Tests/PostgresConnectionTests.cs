using Npgsql;
using Scari.Web.Data;

namespace Scari.Tests;

/// <summary>The defaults SCARI adds to a PostgreSQL connection string, and that a value the deployment gives wins.</summary>
public sealed class PostgresConnectionTests
{
    [Fact]
    public void Statements_are_prepared_and_pooled_connections_are_not_reset_unless_the_string_says_otherwise()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionDefaults("Host=db;Database=scari;Username=app"));
        Assert.Equal(64, tuned.MaxAutoPrepare);
        Assert.True(tuned.NoResetOnClose);
        Assert.Equal("db", tuned.Host);
        Assert.Equal("scari", tuned.Database);

        var given = new NpgsqlConnectionStringBuilder(DatabaseSetup.PostgresConnectionDefaults(
            "Host=db;Database=scari;max auto prepare=0;NO RESET ON CLOSE=false;Maximum Pool Size=20"));
        Assert.Equal(0, given.MaxAutoPrepare);
        Assert.False(given.NoResetOnClose);
        Assert.Equal(20, given.MaxPoolSize);
    }
}
