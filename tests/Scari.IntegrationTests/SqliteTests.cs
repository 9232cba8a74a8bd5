using System.Net;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web.Features.Accounts;

namespace Scari.IntegrationTests;

/// <summary>The zero-setup default: SQLite in a data folder, migrated on start.</summary>
public sealed class SqliteTests(SqliteApp sqlite) : IClassFixture<SqliteApp>
{
    private readonly ScariAppFactory _app = sqlite.App;
    private readonly string _dataDirectory = sqlite.DataDirectory;

    [Fact]
    public async Task The_app_creates_its_database_in_the_data_folder_and_serves()
    {
        using var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);
        Assert.True(File.Exists(Path.Combine(_dataDirectory, "scari.db")));
        Assert.Equal(4, await _app.WithDbAsync(db => db.Roles.CountAsync()));
    }

    [Fact]
    public async Task Users_sign_in_on_SQLite_too()
    {
        await _app.CreateUserAsync("sqlite@scari.test", Roles.Tutor);
        using var client = await _app.SignedInClientAsync("sqlite@scari.test");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
    }
}
