using Microsoft.Extensions.Options;
using Scari.Testing;

namespace Scari.IntegrationTests;

/// <summary>
/// Every absolute link comes from Scari:PublicBaseUrl, never from the Host header a client sends, and the app
/// refuses to start without it (or with a bad one) outside Development, naming the key in Spanish.
/// </summary>
public sealed class PublicLinksTests
{
    [Fact]
    public async Task Links_use_the_configured_base_with_its_path_and_ignore_the_host_header()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"scari-links-{Guid.NewGuid():N}");
        await using var app = ScariAppFactory.OnSqlite(dir, ("Scari:PublicBaseUrl", "https://capacitacion.example.gov.co/scari/"));
        try
        {
            using var client = app.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/emisor");
            request.Headers.Host = "atacante.example";
            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

            Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("\"https://capacitacion.example.gov.co/scari/emisor\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("atacante.example", body, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("Production", "", "Falta Scari:PublicBaseUrl")]
    [InlineData("Staging", null, "Falta Scari:PublicBaseUrl")]
    [InlineData("Testing", "capacitacion.example.gov.co", "Scari:PublicBaseUrl no es una dirección válida")]
    [InlineData("Production", "ftp://capacitacion.example.gov.co", "Scari:PublicBaseUrl no es una dirección válida")]
    [InlineData("Production", "https://capacitacion.example.gov.co/?x=1", "Scari:PublicBaseUrl no es una dirección válida")]
    public async Task The_app_does_not_start_without_a_valid_public_address_outside_development(string environment, string? url, string message)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"scari-links-{Guid.NewGuid():N}");
        await using var app = ScariAppFactory.OnSqlite(dir, ("environment", environment), ("Scari:PublicBaseUrl", url));
        try
        {
            var ex = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            // Start-up validation throws one OptionsValidationException, or an AggregateException when several options fail.
            IEnumerable<Exception> all = ex is AggregateException many ? many.Flatten().InnerExceptions : [ex, .. ex.InnerException is { } inner ? [inner] : Array.Empty<Exception>()];
            var messages = all.OfType<OptionsValidationException>().Select(v => v.Message).ToList();
            Assert.NotEmpty(messages);
            Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Development_without_a_public_address_starts_and_falls_back_to_the_local_address()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"scari-links-{Guid.NewGuid():N}");
        await using var app = ScariAppFactory.OnSqlite(dir, ("environment", "Development"), ("Scari:PublicBaseUrl", ""));
        try
        {
            using var client = app.CreateClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, "/emisor");
            request.Headers.Host = "atacante.example";
            var body = await (await client.SendAsync(request, TestContext.Current.CancellationToken)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Contains("\"http://localhost/emisor\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("atacante.example", body, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
    }
}
