using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Scari.Testing;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests.Api;

/// <summary>The app with certificate checks (page and API share the policy) limited to 3 per 10 minutes per address.</summary>
public sealed class LowVerificationLimitApp : PostgresApp
{
    public const int Limit = 3;

    protected override ScariAppFactory CreateFactory(string connectionString) =>
        ScariAppFactory.OnPostgres(connectionString,
            ("RateLimits:Verificacion:PermitLimit", Limit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("RateLimits:Verificacion:WindowSeconds", "600"));
}

/// <summary>
/// Every error under /api/v1 is an RFC 9457 problem in Spanish (application/problem+json), whatever the client
/// accepts; the site keeps its HTML error pages.
/// </summary>
public sealed class ApiErrorTests(LowVerificationLimitApp fixture) : IClassFixture<LowVerificationLimitApp>
{
    private ScariAppFactory App => fixture.App;

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal((int)expected, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>
    /// Requests <paramref name="url"/> until the verification limit refuses it and returns that answer. The class shares
    /// one limit (page and API alike), so an earlier test may have used it up already; but never more than
    /// <see cref="LowVerificationLimitApp.Limit"/> requests may pass.
    /// </summary>
    private static async Task<HttpResponseMessage> PastTheLimitAsync(HttpClient client, string url)
    {
        for (var i = 0; i < LowVerificationLimitApp.Limit; i++)
        {
            var response = await client.GetAsync(url);
            if (response.StatusCode == HttpStatusCode.TooManyRequests) return response;
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            response.Dispose();
        }
        return await client.GetAsync(url);
    }

    [Fact]
    public async Task An_unknown_api_path_answers_404_as_a_Spanish_problem_even_to_a_browser()
    {
        using var client = App.CreateClient();
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        using var response = await client.GetAsync("/api/v1/cursos-y-mas/nada");
        var json = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("No encontramos esa dirección.", json.GetProperty("title").GetString());
        Assert.Contains("«/api/v1/cursos-y-mas/nada»", json.GetProperty("detail").GetString());
        Assert.Contains("/openapi/v1.json", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_POST_to_a_GET_endpoint_answers_405_as_a_Spanish_problem_with_the_Allow_header()
    {
        using var client = App.CreateClient();
        using var response = await client.PostAsync("/api/v1/cursos", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var json = await ProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal(["GET"], response.Content.Headers.Allow);
        Assert.Equal("Método no permitido.", json.GetProperty("title").GetString());
        Assert.Equal("«/api/v1/cursos» responde a GET, no a POST.", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Past_the_verification_limit_the_certificate_check_answers_429_as_a_Spanish_problem_with_Retry_After()
    {
        using var client = App.CreateClient();
        using var response = await PastTheLimitAsync(client, $"/api/v1/certificados/{CertificateCode.New(2026)}");
        var json = await ProblemAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("60", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("Demasiadas solicitudes.", json.GetProperty("title").GetString());
        Assert.Contains("Espere 60 segundos", json.GetProperty("detail").GetString());
        Assert.True(response.Headers.CacheControl?.NoStore, "una negativa no debe quedar en cachés");
    }

    [Fact]
    public async Task The_site_keeps_its_HTML_pages_for_an_unknown_page_and_past_the_verification_limit()
    {
        using var client = App.CreateClient();
        using var missing = await client.GetAsync("/paginas-que-no-existen");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("text/html", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Página no encontrada", await missing.Content.ReadAsStringAsync());

        using var limited = await PastTheLimitAsync(client, $"/verificar/{CertificateCode.New(2026)}");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("text/html", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Demasiadas solicitudes", await limited.Content.ReadAsStringAsync());
        Assert.Equal("60", limited.Headers.GetValues("Retry-After").Single());
    }

    [Fact]
    public async Task An_unexpected_error_answers_500_as_a_Spanish_problem_under_the_API_and_the_error_page_on_the_site()
    {
        await using var failing = App.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<IStartupFilter, FailingPathFilter>()));
        using var client = failing.CreateClient();

        using var api = await client.GetAsync($"/api/v1/{FailingPathFilter.Segment}");
        var json = await ProblemAsync(api, HttpStatusCode.InternalServerError);
        Assert.Equal("Algo salió mal.", json.GetProperty("title").GetString());
        Assert.Contains("error inesperado", json.GetProperty("detail").GetString());
        Assert.DoesNotContain(FailingPathFilter.Message, await api.Content.ReadAsStringAsync());

        using var page = await client.GetAsync($"/{FailingPathFilter.Segment}");
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Algo salió mal", await page.Content.ReadAsStringAsync());
    }

    /// <summary>Requests that no endpoint takes and whose path ends in <see cref="Segment"/> throw, inside the app's error handling.</summary>
    private sealed class FailingPathFilter : IStartupFilter
    {
        public const string Segment = "falla-de-prueba";
        public const string Message = "Falla provocada por la prueba";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            // Added after the app's pipeline, so it runs where an endpoint would, within UseScariWeb's handlers.
            app.Use((HttpContext http, Func<Task> rest) =>
                http.Request.Path.Value?.EndsWith("/" + Segment, StringComparison.Ordinal) == true
                    ? throw new InvalidOperationException(Message)
                    : rest());
        };
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_problem_answers()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Contains("application/problem+json", json.GetProperty("info").GetProperty("description").GetString());
        foreach (var (path, operation) in json.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (p, o.Value))))
        {
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("500", out var error), $"{path.Name} no documenta el error 500");
            Assert.True(error.GetProperty("content").TryGetProperty("application/problem+json", out _), path.Name);
            Assert.True(responses.TryGetProperty("200", out _), $"{path.Name} no documenta la respuesta 200");
        }
        var limited = json.GetProperty("paths").GetProperty("/api/v1/certificados/{codigo}").GetProperty("get")
            .GetProperty("responses").GetProperty("429");
        Assert.True(limited.GetProperty("headers").TryGetProperty("Retry-After", out _));
        Assert.Contains("Retry-After", limited.GetProperty("description").GetString());
    }
}
