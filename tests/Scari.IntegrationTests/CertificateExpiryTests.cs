using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Scari.Testing;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests;

/// <summary>The «valid» fixture content with <c>valid_for: 2y</c> on its course: a course whose certificates need renewal.</summary>
public sealed class ExpiringCourseApp : PostgresApp, IAsyncDisposable
{
    public FixtureCopy Content { get; } = WithValidFor();

    private static FixtureCopy WithValidFor()
    {
        var copy = new FixtureCopy("valid");
        var file = copy.File(Path.Combine("cursos", "curso-de-prueba", "curso.md"));
        File.WriteAllText(file, File.ReadAllText(file).Replace("version: 1.2.0\n", "version: 1.2.0\nvalid_for: 2y\n", StringComparison.Ordinal));
        return copy;
    }

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString, ("Scari:ContentDirectory", Content.Root));

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        Content.Dispose();
    }
}

public sealed class CertificateExpiryTests(ExpiringCourseApp fixture) : IClassFixture<ExpiringCourseApp>
{
    private ScariAppFactory App => fixture.App;

    private sealed class LaterClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => DateTimeOffset.UtcNow + ahead;
    }

    [Fact]
    public async Task A_course_with_valid_for_gives_validUntil_and_the_page_says_expired_after_it()
    {
        var seeded = await App.CreateCompletionAsync("Renata", "Salazar", "1073456789", courseId: "curso-de-prueba");
        var certificate = (await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().IssueAsync(seeded.CompletionId, default)))!;

        Assert.Equal(certificate.IssuedUtc.AddYears(2), certificate.ValidUntilUtc);
        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(certificate.CredentialJwt!.Split('.')[1])).RootElement;
        Assert.Equal(OpenBadgeCredential.Instant(certificate.ValidUntilUtc!.Value), payload.GetProperty("validUntil").GetString());
        Assert.Equal(new DateTimeOffset(certificate.ValidUntilUtc.Value).ToUnixTimeSeconds(), payload.GetProperty("exp").GetInt64());

        using var now = App.CreateClient();
        var html = await now.GetStringAsync($"/verificar/{certificate.Code}");
        Assert.Contains("Válido", html);
        Assert.Contains("Válido hasta", html);

        await using var later = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new LaterClock(TimeSpan.FromDays(3 * 365)))));
        using var client = later.CreateClient();
        var expired = await client.GetStringAsync($"/verificar/{certificate.Code}");
        Assert.Contains("Vencido", expired);
        Assert.Contains("el curso exige renovarlo", expired);
        var api = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/certificados/{certificate.Code}")).RootElement;
        Assert.Equal("expired", api.GetProperty("state").GetString());
    }
}
