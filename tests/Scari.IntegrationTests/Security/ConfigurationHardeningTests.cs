using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scari.Testing;
using Scari.Web;

namespace Scari.IntegrationTests.Security;

/// <summary>Finding 11 of the security review: proxies, upload limits and the Server header.</summary>
public sealed class ConfigurationHardeningTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private static ForwardedHeadersOptions ForwardedWith(params (string Key, string Value)[] settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value))).Build());
        services.AddScariCookieHardening();
        return services.BuildServiceProvider().GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
    }

    [Fact]
    public void No_proxy_is_trusted_by_default_not_even_loopback_and_trusted_proxies_are_listed_explicitly()
    {
        var running = fixture.App.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        Assert.Equal(ForwardedHeaders.None, running.ForwardedHeaders);
        Assert.Empty(running.KnownProxies);
        Assert.Empty(running.KnownIPNetworks);

        var listed = ForwardedWith(("Security:TrustedProxies", "10.0.0.5, 172.18.0.0/16"));
        Assert.Equal(ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto, listed.ForwardedHeaders);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], listed.KnownProxies);
        Assert.Equal("172.18.0.0/16", Assert.Single(listed.KnownIPNetworks).ToString());
    }

    [Fact]
    public async Task A_forwarded_scheme_from_an_untrusted_address_does_not_make_the_request_https()
    {
        using var client = fixture.App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/cuenta/ingresar");
        request.Headers.Add("X-Forwarded-Proto", "https");
        request.Headers.Add("X-Forwarded-For", "203.0.113.9");
        using var response = await client.SendAsync(request);
        // Testing serves plain http with cookies SameAsRequest: a trusted https would mark the antiforgery cookie Secure.
        Assert.DoesNotContain(response.Headers.GetValues("Set-Cookie"), c => c.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task An_upload_over_the_limit_gets_the_Spanish_error_page_with_the_limit()
    {
        using var client = fixture.App.CreateClient();
        using var content = new ByteArrayContent(new byte[9 * 1024 * 1024]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("multipart/form-data") { Parameters = { new("boundary", "x") } };
        using var response = await client.PostAsync("/admin/importar", content);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(html.Contains("Archivo demasiado grande"), FormPosting.Parse(html).QuerySelector("main")?.TextContent);
        Assert.Contains("supera el límite de 8,1 MB", html);
    }

    [Fact]
    public async Task Pages_of_a_signed_in_person_are_not_stored_while_public_totals_keep_their_own_caching()
    {
        await fixture.App.CreateUserAsync("cache@scari.test", Scari.Web.Features.Accounts.Roles.Aprendiz);
        using var client = await fixture.App.SignedInClientAsync("cache@scari.test");
        using var mine = await client.GetAsync("/mi-aprendizaje");
        Assert.True(mine.Headers.CacheControl?.NoStore, $"Cache-Control: {mine.Headers.CacheControl}");
        using var anonymous = fixture.App.CreateClient();
        using var totals = await anonymous.GetAsync("/api/v1/indicadores");
        Assert.True(totals.Headers.CacheControl?.Public);
    }

    [Fact]
    public void Kestrel_sends_no_Server_header() =>
        Assert.False(fixture.App.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.AddServerHeader);
}
