using Microsoft.EntityFrameworkCore;
using Scari.Testing;

namespace Scari.IntegrationTests.Admin;

public sealed class FirstAdminAuditTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task Creating_the_first_administrator_is_audited()
    {
        var app = fixture.App;
        var token = await app.IssueSetupTokenAsync();
        using var client = app.CreateBrowserLikeClient();
        await client.PostFormAsync($"/cuenta/configuracion-inicial?token={token}", new()
        {
            ["Input.FullName"] = "Ana Pérez",
            ["Input.Email"] = "primera@scari.test",
            ["Input.Password"] = "clave-larga-2026",
            ["Input.ConfirmPassword"] = "clave-larga-2026",
        });
        var entry = await app.WithDbAsync(db => db.AuditEntries.SingleAsync(e => e.Action == "account.admin-created"));
        var userId = await app.WithDbAsync(db => db.Users.Where(u => u.Email == "primera@scari.test").Select(u => u.Id).SingleAsync());
        Assert.Equal("ScariUser", entry.TargetType);
        Assert.Equal(userId, entry.TargetId);
    }
}
