using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Scari.IntegrationTests.Security;
using Scari.Testing;
using Scari.Web.Content;
using Scari.Web.Features.Certificates;

namespace Scari.IntegrationTests.Api;

/// <summary>The JSON API under /api/v1 and its OpenAPI document, through HTTP on PostgreSQL.</summary>
public sealed class ApiTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    private ScariAppFactory App => fixture.App;

    private static int _document = 1052810000;
    private static string NextDocument() => Interlocked.Increment(ref _document).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private Task<Certificate> IssueAsync(int completionId) =>
        App.WithScopeAsync(async sp => (await sp.GetRequiredService<CertificateIssuer>().IssueAsync(completionId, default))!);

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected, string mediaType = "application/json")
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{(int)response.StatusCode}: {body}");
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static IEnumerable<string> PropertyNames(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => PropertyNames(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(PropertyNames),
        _ => [],
    };

    [Fact]
    public async Task The_course_list_matches_the_catalogue_with_modules_lessons_and_quizzes()
    {
        var catalog = App.Services.GetRequiredService<CourseCatalog>();
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/api/v1/cursos");
        var json = await JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(catalog.Courses.Select(c => c.Id), json.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        var expected = catalog.Courses[0];
        var first = json[0];
        Assert.Equal(expected.Title, first.GetProperty("title").GetString());
        Assert.Equal(expected.Summary, first.GetProperty("summary").GetString());
        Assert.Equal(expected.Hours, first.GetProperty("hours").GetInt32());
        Assert.Equal(expected.IndicatorId, first.GetProperty("indicator").GetString());
        Assert.Equal(expected.Version, first.GetProperty("version").GetString());
        Assert.Equal(expected.Modules.Select(m => m.Id), first.GetProperty("modules").EnumerateArray().Select(m => m.GetProperty("id").GetString()));
        var items = first.GetProperty("modules").EnumerateArray().SelectMany(m => m.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(expected.Items.Select(i => (i.Id, i.Title, i is Quiz ? "quiz" : "lesson")),
            items.Select(i => (i.GetProperty("id").GetString()!, i.GetProperty("title").GetString()!, i.GetProperty("type").GetString()!)));
    }

    [Fact]
    public async Task A_course_shows_its_quizzes_without_questions_options_or_answers()
    {
        var catalog = App.Services.GetRequiredService<CourseCatalog>();
        var course = catalog.Courses.First(c => c.Quizzes.Any(q => q.Questions.Count > 0));
        using var client = App.CreateClient();
        using var response = await client.GetAsync($"/api/v1/cursos/{course.Id}");
        var body = await response.Content.ReadAsStringAsync();
        var json = await JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(course.Id, json.GetProperty("id").GetString());
        Assert.Equal(course.Audience switch { null => JsonValueKind.Null, _ => JsonValueKind.String }, json.GetProperty("audience").ValueKind);
        var quiz = course.Quizzes.First(q => q.Questions.Count > 0);
        Assert.Contains(quiz.Title, body);
        var names = PropertyNames(json).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var forbidden in new[] { "questions", "options", "correct", "feedback", "feedbackHtml", "html", "passScore" })
            Assert.DoesNotContain(forbidden, names);
        foreach (var question in quiz.Questions.Where(q => q.FeedbackHtml.Length > 20))
            Assert.DoesNotContain(question.FeedbackHtml, body);
    }

    [Fact]
    public async Task An_unknown_course_answers_404_with_a_Spanish_problem()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/api/v1/cursos/no-existe");
        var json = await JsonAsync(response, HttpStatusCode.NotFound, "application/problem+json");
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal("No encontramos ese curso.", json.GetProperty("title").GetString());
        Assert.Contains("no-existe", json.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_valid_certificate_shows_the_public_facts_and_only_the_masked_document()
    {
        var seeded = await App.CreateCompletionAsync("Marta", "Gómez Peña", "1098761234",
            completedUtc: new DateTime(2026, 3, 15, 3, 0, 0, DateTimeKind.Utc));
        var code = (await IssueAsync(seeded.CompletionId)).Code;

        using var client = App.CreateClient();
        // Typed loosely, as on the verification page.
        using var response = await client.GetAsync($"/api/v1/certificados/{code.ToLowerInvariant()}");
        var body = await response.Content.ReadAsStringAsync();
        var json = await JsonAsync(response, HttpStatusCode.OK);

        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.Equal("valid", json.GetProperty("state").GetString());
        Assert.Equal("Marta Gómez Peña", json.GetProperty("holderName").GetString());
        Assert.Equal("CC ******1234", json.GetProperty("document").GetString());
        Assert.Equal("Seguridad digital para servidores públicos", json.GetProperty("course").GetString());
        Assert.Equal(40, json.GetProperty("hours").GetInt32());
        Assert.Equal("2026-03-14", json.GetProperty("completedOn").GetString());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("revokedUtc").ValueKind);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("replacedBy").ValueKind);
        Assert.DoesNotContain("1098761234", body);
        Assert.Contains("Gómez Peña", body); // Spanish text as is, not \u escapes
    }

    [Fact]
    public async Task Revoked_and_replaced_certificates_say_so_and_point_to_the_replacement()
    {
        var revoked = (await IssueAsync((await App.CreateCompletionAsync("Rosa", "Lara", NextDocument())).CompletionId)).Code;
        var old = (await IssueAsync((await App.CreateCompletionAsync("Pablo", "Mora", NextDocument())).CompletionId)).Code;
        await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().RevokeAsync(revoked, "Error en los datos", default));
        var replacement = await App.WithScopeAsync(sp => sp.GetRequiredService<CertificateIssuer>().ReissueAsync(old, default));

        using var client = App.CreateClient();
        using var r1 = await client.GetAsync($"/api/v1/certificados/{revoked}");
        var j1 = await JsonAsync(r1, HttpStatusCode.OK);
        Assert.Equal("revoked", j1.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.String, j1.GetProperty("revokedUtc").ValueKind);
        Assert.Equal(JsonValueKind.Null, j1.GetProperty("replacedBy").ValueKind);

        using var r2 = await client.GetAsync($"/api/v1/certificados/{old}");
        var j2 = await JsonAsync(r2, HttpStatusCode.OK);
        Assert.Equal("replaced", j2.GetProperty("state").GetString());
        Assert.Equal(replacement!.Code, j2.GetProperty("replacedBy").GetString());

        using var r3 = await client.GetAsync($"/api/v1/certificados/{replacement.Code}");
        Assert.Equal("valid", (await JsonAsync(r3, HttpStatusCode.OK)).GetProperty("state").GetString());
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("SCARI-2026-NOEX-ISTE")]
    [InlineData("nada")]
    public async Task Unknown_and_malformed_codes_answer_404_with_a_Spanish_problem(string which)
    {
        var codigo = which == "unknown" ? CertificateCode.New(2026) : which;
        using var client = App.CreateClient();
        using var response = await client.GetAsync($"/api/v1/certificados/{codigo}");
        var json = await JsonAsync(response, HttpStatusCode.NotFound, "application/problem+json");
        Assert.Equal(404, json.GetProperty("status").GetInt32());
        Assert.Equal("No encontramos ese certificado.", json.GetProperty("title").GetString());
        Assert.Contains($"«{codigo}»", json.GetProperty("detail").GetString());
    }

    [Fact]
    public void The_certificate_endpoint_uses_the_verification_rate_limit()
    {
        var route = AppRoutes.All(App).Single(r => r.Pattern == "/api/v1/certificados/{codigo}");
        var limit = route.Endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute>();
        Assert.Equal("verificacion", limit?.PolicyName);
    }

    [Fact]
    public async Task The_OpenAPI_document_lists_exactly_the_api_v1_paths_with_Spanish_summaries()
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        var json = await JsonAsync(response, HttpStatusCode.OK);

        var paths = json.GetProperty("paths").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "/api/v1/certificados/clave-publica",
            "/api/v1/certificados/estado",
            "/api/v1/certificados/{codigo}",
            "/api/v1/certificados/{codigo}/documento",
            "/api/v1/cortes",
            "/api/v1/cortes/{id}",
            "/api/v1/cursos",
            "/api/v1/cursos/{curso}",
            "/api/v1/datos-abiertos",
            "/api/v1/datos-abiertos/diccionario",
            "/api/v1/datos-abiertos/{conjunto}",
            "/api/v1/datos-abiertos/{conjunto}/{tabla}",
            "/api/v1/indicadores",
            "/api/v1/personas/duplicados",
        ], paths);
        Assert.Equal("API de SCARI", json.GetProperty("info").GetProperty("title").GetString());
        var verify = json.GetProperty("paths").GetProperty("/api/v1/certificados/{codigo}").GetProperty("get");
        Assert.Equal("Verifica un certificado por su código", verify.GetProperty("summary").GetString());
        Assert.Contains("404", verify.GetProperty("responses").EnumerateObject().Select(r => r.Name));
        var corte = json.GetProperty("paths").GetProperty("/api/v1/indicadores").GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Single();
        Assert.Equal("corte", corte.GetProperty("name").GetString());
    }
}
