using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Scari.Testing;
using Scari.Web.Features.Accounts;
using Scari.Web.Features.Certificates;
using Scari.Web.Features.Learning;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// A certificate asked for an imported (history) or in-person record (issue 17, item 6): only when an administrator asks
/// from the record's page, coded with the year of the completion, dated with its original date, and saying where the
/// training was given in the PDF, in the signed Open Badges credential (which still verifies) and on /verificar. Audited.
/// On PostgreSQL and on SQLite.
/// </summary>
public abstract class HistoryCertificateTests(IIndicatorWorld world)
{
    private ScariAppFactory App => world.App;

    private async Task<HttpClient> AdminAsync()
    {
        const string name = "certificado.historial@scari.test";
        if (!await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == name))) await App.CreateUserAsync(name, Roles.Administrador);
        return await App.SignedInClientAsync(name);
    }

    private static async Task ImportAsync(HttpClient admin, string csv)
    {
        const string url = "/admin/importar/historial";
        var page = await admin.GetDocumentAsync(url);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "Archivo", "historial-2022.csv" },
        };
        using var reviewed = await admin.PostAsync($"{url}?handler=Revisar", form);
        var preview = FormPosting.Parse(await reviewed.Content.ReadAsStringAsync());
        Assert.Equal("1", preview.QuerySelector("[data-testid=nuevos]")!.TextContent);
        using var confirmed = await admin.PostAsync($"{url}?handler=Confirmar", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = preview.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!,
            ["Lote"] = preview.QuerySelector("input[name=Lote]")!.GetAttribute("value")!,
        }));
        Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);
    }

    /// <summary>Asks for the certificate from the record's page and returns it as stored.</summary>
    private async Task<Certificate> RequestAsync(HttpClient admin, int completionId)
    {
        var recordUrl = $"/admin/finalizaciones/{completionId}";
        using (var issued = await admin.PostFormAsync(recordUrl, new(), $"{recordUrl}?handler=Certificado"))
            Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var certificate = await App.WithDbAsync(db => db.Certificates.AsNoTracking().SingleAsync(c => c.CompletionId == completionId && c.RevokedUtc == null));
        var record = await admin.GetDocumentAsync(recordUrl);
        Assert.Equal(certificate.Code, record.QuerySelector("[data-testid=certificado]")!.TextContent.Trim());
        Assert.Null(record.QuerySelector($"form[action='{recordUrl}?handler=Certificado']")); // asked once: no second button
        return certificate;
    }

    private static string PdfText(byte[] pdf)
    {
        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        return string.Join(" ", document.GetPage(1).GetWords().Select(w => w.Text));
    }

    /// <summary>Verifies the credential with only the published JWK Set, as an outsider would, and returns its payload.</summary>
    private async Task<JsonElement> VerifiedPayloadAsync(string jwt)
    {
        using var anonymous = App.CreateClient();
        var keys = new JsonWebKeySet(await anonymous.GetStringAsync("/emisor/claves")).GetSigningKeys();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(jwt, new TokenValidationParameters
        {
            IssuerSigningKeys = keys, ValidateIssuer = false, ValidateAudience = false, RequireExpirationTime = false, ValidateLifetime = false,
        });
        Assert.True(result.IsValid, result.Exception?.Message);
        var check = await OpenBadgeCredential.VerifyAsync(jwt, keys.Single(k => k.KeyId == new JsonWebToken(jwt).Kid));
        Assert.True(check.Valid, check.Message);
        return JsonDocument.Parse(Base64UrlEncoder.Decode(jwt.Split('.')[1])).RootElement;
    }

    [Fact]
    public async Task A_certificate_asked_for_a_2022_import_is_coded_SCARI_2022_keeps_its_date_and_says_it_records_training_given_elsewhere()
    {
        using var admin = await AdminAsync();
        var ana = world.World.People["Ana"];
        var document = await App.WithDbAsync(db => db.People.Where(p => p.Id == ana).Select(p => p.DocumentNumber).SingleAsync());
        await ImportAsync(admin, $"numero_documento;actividad;fecha;origen;horas;certificado\n{document};Ofimática para la gestión pública;2022-03-14;externa;12;OTRA-2022-0077\n");
        var completionId = await App.WithDbAsync(db => db.Completions.Where(c => c.PersonId == ana && c.ImportId != null).Select(c => c.Id).SingleAsync());

        // None until asked; the record's page offers it.
        Assert.False(await App.WithDbAsync(db => db.Certificates.AnyAsync(c => c.CompletionId == completionId)));
        var record = await admin.GetDocumentAsync($"/admin/finalizaciones/{completionId}");
        Assert.Contains("Ofimática para la gestión pública", record.QuerySelector("h1")!.TextContent);
        Assert.Equal("Ninguno vigente", record.QuerySelector("[data-testid=certificado]")!.TextContent.Trim());

        var certificate = await RequestAsync(admin, completionId);
        Assert.StartsWith("SCARI-2022-", certificate.Code);
        Assert.Equal(new DateOnly(2022, 3, 14), certificate.CompletedOn);
        Assert.Equal("Ofimática para la gestión pública", certificate.CourseTitle);
        Assert.Equal(12, certificate.Hours);
        const string line = "Formación impartida en otro lugar (registro histórico importado por SCARI); certificado del otro sistema: OTRA-2022-0077.";
        Assert.Equal(line, certificate.Provenance);
        Assert.True(await App.WithDbAsync(db => db.AuditEntries.AnyAsync(e => e.Action == "certificate.issued" && e.Summary!.Contains("otro lugar") && e.Summary.Contains("14 de marzo de 2022"))));

        // The PDF: the original date and the line.
        var pdf = PdfText(await admin.GetByteArrayAsync($"/certificados/{certificate.Code}.pdf"));
        Assert.Contains("14 de marzo de 2022", pdf);
        Assert.Contains("otro lugar", pdf);
        Assert.Contains("OTRA-2022-0077", pdf);
        Assert.Contains(certificate.Code, pdf);

        // The signed credential carries the line and still verifies.
        var payload = await VerifiedPayloadAsync(certificate.CredentialJwt!);
        Assert.Equal(line, payload.GetProperty("evidence")[0].GetProperty("narrative").GetString());
        Assert.StartsWith("2022-03-14", payload.GetProperty("credentialSubject").GetProperty("activityEndDate").GetString());

        // /verificar: valid (the proof, line included, matched the row) and the line shown.
        using var anonymous = App.CreateClient();
        var verification = FormPosting.Parse(await anonymous.GetStringAsync($"/verificar/{certificate.Code}"));
        Assert.Equal("Válido", verification.QuerySelector("#estado")!.TextContent.Trim());
        Assert.Equal(line, verification.QuerySelector("[data-testid=procedencia]")!.TextContent.Trim());
        Assert.Contains("14 de marzo de 2022", verification.Body!.TextContent);
        var api = JsonDocument.Parse(await anonymous.GetStringAsync($"/api/v1/certificados/{certificate.Code}")).RootElement;
        Assert.Equal(("valid", line, "2022-03-14"), (api.GetProperty("state").GetString(), api.GetProperty("provenance").GetString(), api.GetProperty("completedOn").GetString()));

        // Ana sees it among her certificates, under the activity's name.
        var learner = await App.CreateUserAsync("ana.historial@scari.test", Roles.Aprendiz);
        await App.LinkAccountAsync(learner.Id, personId: ana);
        using (var anaClient = await App.SignedInClientAsync("ana.historial@scari.test"))
        {
            var mine = await anaClient.GetDocumentAsync("/certificados");
            Assert.Contains(mine.QuerySelectorAll("tbody tr"), r => r.TextContent.Contains("Ofimática para la gestión pública") && r.TextContent.Contains(certificate.Code));
            using var own = await anaClient.GetAsync($"/certificados/{certificate.Code}.pdf");
            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        }

        // An edited line breaks the proof: it is signed.
        await App.WithDbAsync(db => db.Certificates.Where(c => c.Id == certificate.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Provenance, "Curso en línea de SCARI.")));
        var tampered = FormPosting.Parse(await anonymous.GetStringAsync($"/verificar/{certificate.Code}"));
        Assert.Equal("Firma no válida", tampered.QuerySelector("#estado")!.TextContent.Trim());
    }

    [Fact]
    public async Task An_imported_record_says_so_wherever_completions_are_listed_and_externa_is_its_own_origin_in_the_breakdown()
    {
        using var admin = await AdminAsync();
        var karl = world.World.People["Karl"];
        var document = await App.WithDbAsync(db => db.People.Where(p => p.Id == karl).Select(p => p.DocumentNumber).SingleAsync());
        const string dashboard = $"/admin/indicadores/{IndicatorScenario.Staff}?corte=2025-12-31";
        int External(AngleSharp.Html.Dom.IHtmlDocument page) => int.Parse(page.QuerySelectorAll("section[aria-labelledby=fuentes] tbody tr")
            .Single(r => r.QuerySelector("th")!.TextContent == "Externa").QuerySelector("td")!.TextContent, System.Globalization.CultureInfo.GetCultureInfo("es-CO"));
        var before = External(await admin.GetDocumentAsync(dashboard));

        // The workshop the staff indicator counts, given by an external provider, loaded from a history file.
        await ImportAsync(admin, $"numero_documento;actividad;fecha;origen;horas\n{document};Taller de ciberseguridad;2025-08-10;externa;4\n");
        var completionId = await App.WithDbAsync(db => db.Completions.Where(c => c.PersonId == karl && c.ImportId != null).Select(c => c.Id).SingleAsync());

        // The dashboard: «Externa» is its own origin, and its drill-down lists Karl with the origin of his records.
        var page = await admin.GetDocumentAsync(dashboard);
        Assert.Equal(before + 1, External(page));
        Assert.Contains(page.QuerySelectorAll("section[aria-labelledby=fuentes] tbody th"), th => th.TextContent == "Con más de un origen");
        var link = page.QuerySelectorAll("section[aria-labelledby=fuentes] tbody tr").Single(r => r.QuerySelector("th")!.TextContent == "Externa").QuerySelector("a")!.GetAttribute("href")!;
        Assert.Contains("fuente=externa", link);
        var people = await admin.GetDocumentAsync(link);
        Assert.Contains("con alguna finalización externa", people.QuerySelector(".lead")!.TextContent);
        var row = people.QuerySelectorAll("tbody tr").Single(r => r.TextContent.Contains("Prueba Karl"));
        Assert.Contains("Externa", row.TextContent);
        Assert.Contains("incluye historial importado", row.TextContent);
        var csv = await admin.GetStringAsync(people.QuerySelectorAll("a").First(a => a.TextContent == "CSV").GetAttribute("href")!);
        Assert.Contains(";Origen", csv);
        Assert.Contains(csv.Split('\n'), l => l.Contains("Prueba Karl") && l.Contains("incluye historial importado"));

        // The person's page and the record's page.
        var person = await admin.GetDocumentAsync($"/admin/personas/{karl}");
        Assert.Contains(person.QuerySelectorAll("table[aria-labelledby=formacion] tbody tr"), r => r.TextContent.Contains("10 de agosto de 2025")
            && r.TextContent.Contains("Externa · Importado (historial)") && r.TextContent.Contains("historial-2022.csv"));
        Assert.Contains("Externa · Importado (historial)", (await admin.GetDocumentAsync($"/admin/finalizaciones/{completionId}")).QuerySelector("dl")!.TextContent);

        // The evidence pack of a publication: the imported row names its file.
        var published = await App.WithScopeAsync(sp => sp.GetRequiredService<Scari.Web.Features.Indicators.CutoffPublishing>()
            .PublishAsync(IndicatorScenario.Staff, new DateOnly(2025, 12, 31), null, "prueba", default));
        Assert.Null(published.Error);
        using (var pack = await admin.GetAsync($"/admin/indicadores/cortes?handler=Evidencia&id={published.Publication!.Id}"))
        {
            using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(await pack.Content.ReadAsByteArrayAsync()));
            using var reader = new StreamReader(zip.GetEntry("personas-y-finalizaciones.csv")!.Open());
            var lines = (await reader.ReadToEndAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.EndsWith(";historial_importado", lines[0]);
            Assert.Contains(lines, l => l.StartsWith($"{completionId};", StringComparison.Ordinal) && l.Contains(";externa;") && l.Contains("historial-2022.csv ("));
        }

        // The learner's own page: «Otra formación registrada» with the origin.
        var learner = await App.CreateUserAsync("karl.aprendiz@scari.test", Roles.Aprendiz);
        await App.LinkAccountAsync(learner.Id, personId: karl);
        using var karlClient = await App.SignedInClientAsync("karl.aprendiz@scari.test");
        var mine = await karlClient.GetDocumentAsync("/mi-aprendizaje");
        Assert.Contains(mine.QuerySelectorAll("section[aria-labelledby=otra-formacion] tbody tr"), r => r.TextContent.Contains("10 de agosto de 2025")
            && r.TextContent.Contains("Externa · Importado (historial)"));
    }

    [Fact]
    public async Task A_certificate_asked_for_an_in_person_record_carries_the_session_date_and_says_it_was_in_person()
    {
        using var admin = await AdminAsync();
        var dario = world.World.People["Dario"];
        var completion = await App.WithDbAsync(db => db.Completions.AsNoTracking().SingleAsync(c => c.PersonId == dario && c.Source == CompletionSource.InPerson));
        var sessionDate = DateOnly.FromDateTime(Scari.Web.Bogota.ToLocal(completion.CompletedUtc));

        var certificate = await RequestAsync(admin, completion.Id);
        Assert.StartsWith($"SCARI-{sessionDate.Year}-", certificate.Code);
        Assert.Equal(sessionDate, certificate.CompletedOn);
        Assert.Equal("Formación presencial: asistencia registrada en SCARI.", certificate.Provenance);
        Assert.Contains("presencial", PdfText(await admin.GetByteArrayAsync($"/certificados/{certificate.Code}.pdf")));
        var payload = await VerifiedPayloadAsync(certificate.CredentialJwt!);
        Assert.Equal(certificate.Provenance, payload.GetProperty("evidence")[0].GetProperty("narrative").GetString());
        using var anonymous = App.CreateClient();
        var verification = FormPosting.Parse(await anonymous.GetStringAsync($"/verificar/{certificate.Code}"));
        Assert.Equal("Válido", verification.QuerySelector("#estado")!.TextContent.Trim());
        Assert.Equal(certificate.Provenance, verification.QuerySelector("[data-testid=procedencia]")!.TextContent.Trim());
    }
}

public sealed class PostgresHistoryCertificateTests(PostgresIndicatorWorld world) : HistoryCertificateTests(world), IClassFixture<PostgresIndicatorWorld>;

public sealed class SqliteHistoryCertificateTests(SqliteIndicatorWorld world) : HistoryCertificateTests(world), IClassFixture<SqliteIndicatorWorld>;
