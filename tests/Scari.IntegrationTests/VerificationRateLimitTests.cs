using System.Net;
using Scari.Testing;

namespace Scari.IntegrationTests;

public sealed class VerificationRateLimitTests : IAsyncLifetime
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

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
