using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>Certificates on the zero-setup SQLite default, with a low verification limit.</summary>
public sealed class CertificateSqliteTests : IAsyncLifetime
{
    // A fresh app per test (not a class fixture): the rate limit must start from zero in each.
    private readonly LowVerificationLimit _sqlite = new();
    private ScariAppFactory? _app;

    public async ValueTask InitializeAsync()
    {
        await _sqlite.InitializeAsync();
        _app = _sqlite.App;
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

    public ValueTask DisposeAsync() => _sqlite.DisposeAsync();

    private sealed class LowVerificationLimit() : SqliteApp(("RateLimits:VerificacionPorMinuto", "3"));
}
