using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>Certificates on the zero-setup SQLite default, with a low verification limit.</summary>
public sealed class CertificateSqliteTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("scari-limite-").FullName;
    private ScariAppFactory? _app;

    public ValueTask InitializeAsync()
    {
        _app = ScariAppFactory.OnSqlite(_folder, ("RateLimits:VerificacionPorMinuto", "3"));
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task The_verification_page_answers_429_in_Spanish_after_too_many_requests()
    {
        using var client = _app!.CreateClient();
        for (var i = 0; i < 3; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/verificar/SCARI-2026-AAAA-BBBB-CCCC-D")).StatusCode);
        using var limited = await client.GetAsync("/verificar/SCARI-2026-AAAA-BBBB-CCCC-D");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Contains("Demasiadas solicitudes", await limited.Content.ReadAsStringAsync());
        // Other pages are not limited by this policy.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task Certificates_are_issued_and_verified_on_SQLite_too()
    {
        var app = _app!;
        var seeded = await app.CreateCompletionAsync("Ana María", "Caicedo", "1143987654");
        var issue = () => app.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default));
        var code = (await issue()).Code;
        Assert.Equal(code, (await issue()).Code);

        using var client = app.CreateClient();
        var html = await client.GetStringAsync($"/verificar/{code}");
        Assert.Contains("Válido", html);
        Assert.Contains("CC ******7654", html);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
