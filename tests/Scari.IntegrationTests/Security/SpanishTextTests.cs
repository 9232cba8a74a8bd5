using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Indicators;
using Microsoft.Extensions.DependencyInjection;

namespace Scari.IntegrationTests.Security;

/// <summary>
/// Spanish that reads as written by the entity (issue 19, item 5): every page of the route walk, opened with ids that
/// exist as every role (the antiforgery walk's world), and the CSV, XLSX and JSON exports show no stored identifier
/// or English word (an audit action, an object kind, an enum) and none of the slips the issue found.
/// </summary>
public sealed partial class SpanishTextTests(PostgresApp fixture) : IClassFixture<PostgresApp>
{
    /// <summary>Audit actions as stored («person.student-created»), object kinds and enum names as C# spells them.</summary>
    [GeneratedRegex(@"\b(?:(?:account|attendance|calendar-feed|catalogue|certificate|cohort|content|cutoff|enrollment|import|mail|person|population|signin|training-session)\.[a-z][a-z0-9_-]*|ScariUser|Certificate|Enrollment|Person|TrainingSession|CutoffPublication|ImportBatch|OutboxMessage|PopulationBatch|CredentialSigningKey|SignInThrottle|Self|Staff|Student|InPerson|Online|DataTreatment|GuardianConsent)\b", RegexOptions.CultureInvariant)]
    private static partial Regex English();

    /// <summary>The slips of the issue: a sentence that ends after «p. m.», «de el», «unos 1 h».</summary>
    private static readonly string[] Slips = ["p. m..", "a. m..", " de el ", "unos 1 h"];

    /// <summary>What a person reads on a page: its text and the attributes a browser shows or reads aloud.</summary>
    private static string Readable(string html)
    {
        var document = FormPosting.Parse(html);
        foreach (var hidden in document.QuerySelectorAll("script, style, template").ToList()) hidden.Remove();
        var text = new StringBuilder(document.Title).Append('\n').Append(document.Body?.TextContent);
        foreach (var element in document.QuerySelectorAll("[title], [aria-label], [placeholder], [alt]"))
            foreach (var name in new[] { "title", "aria-label", "placeholder", "alt" })
                if (element.GetAttribute(name) is { Length: > 0 } value) text.Append('\n').Append(value);
        return text.ToString();
    }

    /// <summary>The text of an XLSX: its shared and inline strings.</summary>
    private static string XlsxText(byte[] bytes)
    {
        using var zip = new ZipArchive(new MemoryStream(bytes));
        var text = new StringBuilder();
        foreach (var entry in zip.Entries.Where(e => e.FullName.StartsWith("xl/", StringComparison.Ordinal) && e.FullName.EndsWith(".xml", StringComparison.Ordinal)
                     && !e.FullName.Contains("styles", StringComparison.Ordinal) && !e.FullName.Contains("theme", StringComparison.Ordinal)))
        {
            using var reader = new StreamReader(entry.Open());
            var xml = reader.ReadToEnd();
            foreach (Match m in Regex.Matches(xml, "<t(?: [^>]*)?>([^<]*)</t>")) text.Append(WebUtility.HtmlDecode(m.Groups[1].Value)).Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<string> Problems(string where, string text)
    {
        foreach (var line in text.Split('\n'))
        {
            foreach (Match m in English().Matches(line)) yield return $"{where}: «{m.Value}» en «{line.Trim()[..Math.Min(line.Trim().Length, 160)]}»";
            foreach (var slip in Slips.Where(s => line.Contains(s, StringComparison.Ordinal))) yield return $"{where}: «{slip}» en «{line.Trim()}»";
            // The kinds of e-mail as the outbox stores them («aviso.certificado»): /admin/correo names them in Spanish.
            foreach (var kind in Labels.MailKindLabels.Keys.Where(k => line.Contains(k, StringComparison.Ordinal))) yield return $"{where}: «{kind}» en «{line.Trim()}»";
        }
    }

    [Fact]
    public void Every_audit_action_the_code_writes_has_its_Spanish_label()
    {
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "Scari.Web"), "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
                if (lines[i].Contains("audit.Record", StringComparison.Ordinal))
                    foreach (Match m in Regex.Matches(string.Join(' ', lines.Skip(i).Take(3)), "\"([a-z][a-z0-9-]*\\.[a-z0-9._-]+)\""))
                        written.Add(m.Groups[1].Value);
        }
        Assert.True(written.Count > 40, $"solo {written.Count} acciones encontradas: ¿cambió la forma de registrar?");
        var missing = written.Where(a => Labels.AuditAction(a) is null).ToList();
        Assert.True(missing.Count == 0, "Acciones sin etiqueta en Labels: " + string.Join(", ", missing));
    }

    [Fact]
    public void Every_kind_of_e_mail_the_code_writes_has_its_Spanish_label()
    {
        var written = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepoPaths.Root, "src", "Scari.Web"), "*.cs", SearchOption.AllDirectories))
        {
            var text = File.ReadAllText(file);
            foreach (Match m in Regex.Matches(text, @"Compose\(""([a-z][a-z0-9-]*\.[a-z0-9-]+)""|MailKind = ""([a-z][a-z0-9-]*\.[a-z0-9-]+)"""))
                written.Add(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value);
        }
        // Reminders compose their kind as «recordatorio.» + one of ReminderKinds.
        foreach (var field in typeof(Scari.Web.Features.Reminders.ReminderKinds).GetFields())
            written.Add("recordatorio." + field.GetValue(null));
        Assert.True(written.Count >= 14, $"solo {written.Count} tipos de correo encontrados: ¿cambió la forma de componerlos?");
        var missing = written.Where(k => !Labels.MailKindLabels.ContainsKey(k)).ToList();
        Assert.True(missing.Count == 0, "Tipos de correo sin etiqueta en Labels: " + string.Join(", ", missing));
        Assert.Equal("Aviso de certificado", Labels.MailKind("aviso.certificado"));
    }

    [Fact]
    public void The_scan_finds_what_the_issue_saw()
    {
        var found = Problems("muestra", "person.student-created · Certificate · Origen Self\nvence el 5 de enero de 2027, 4:30 p. m..\nCSV de el resumen\nlectura de unos 1 h 28 min\nTipo: aviso.certificado").ToList();
        Assert.Equal(7, found.Count);
        Assert.Empty(Problems("muestra", "Estudiante creado · Certificado · Se inscribió en línea\nvence el 5 de enero de 2027, 4:30 p. m.\nCSV del resumen"));
    }

    [Fact]
    public async Task No_page_as_any_role_and_no_export_shows_an_identifier_or_an_English_word()
    {
        var app = fixture.App;
        var world = await AntiforgeryTests.SeedAsync(app);
        // The walk's coordinator works for a dependencia; a school's coordinator sees other pages and words (students, youth courses).
        await app.CreateCoordinatorAsync("coordinacion.colegio@scari.test", colegioId: await app.ColegioIdAsync("IE001"));
        world.Clients["coordinador de colegio"] = await app.SignedInClientAsync("coordinacion.colegio@scari.test");
        // The entries the issue saw in English: a code handed out (person.signin-code-issued), a student created.
        var student = await app.WithDbAsync(db => db.People.Where(p => p.DocumentNumber == "1047000002").Select(p => p.Id).SingleAsync());
        await app.IssueCodesAsync(student);
        using (var created = await world.Clients["administrador"].PostFormAsync("/admin/personas/nuevo-estudiante", new()
        {
            ["Input.DocumentType"] = "TI", ["Input.DocumentNumber"] = "1047000099", ["Input.GivenNames"] = "Nueva", ["Input.FamilyNames"] = "Estudiante",
            ["Input.ColegioId"] = (await app.ColegioIdAsync("IE001")).ToString(), ["Input.Grade"] = "11", ["Input.BirthDate"] = "2006-02-03",
        }))
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        try
        {
            var problems = new List<string>();
            var opened = 0;
            var pages = AppRoutes.All(app).Where(r => r.IsPage && AppRoutes.Accepts(r, "GET")).ToList();
            foreach (var route in pages)
                foreach (var (role, client) in world.Clients)
                {
                    var url = AppRoutes.SampleUrl(route, world.Values);
                    using var response = await client.GetAsync(url);
                    if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/html") continue;
                    opened++;
                    problems.AddRange(Problems($"{role} {url}", Readable(await response.Content.ReadAsStringAsync())));
                }
            Assert.True(opened > 100, $"solo {opened} páginas abiertas: ¿se recorrieron?");
            Assert.Contains(pages, r => r.Pattern == "/admin/auditoria");

            // The exports: every table of every indicator in CSV and XLSX, the people behind a count, and Mis datos.
            var admin = world.Clients["administrador"];
            var exports = new List<string>();
            foreach (var indicator in app.Services.GetRequiredService<IndicatorDefinitions>().All)
            {
                foreach (var table in IndicatorExports.TableNames)
                    foreach (var format in new[] { "csv", "xlsx" })
                        exports.Add($"/admin/indicadores/{indicator.Id}/exportar/{table}.{format}");
                exports.Add($"/admin/indicadores/{indicator.Id}/exportar/todo.xlsx");
                exports.Add($"/admin/indicadores/{indicator.Id}/personas?formato=csv");
                exports.Add($"/admin/indicadores/{indicator.Id}/personas?formato=xlsx");
            }
            foreach (var url in exports)
            {
                using var response = await admin.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
                var bytes = await response.Content.ReadAsByteArrayAsync();
                problems.AddRange(Problems(url, url.Contains("xlsx", StringComparison.Ordinal) ? XlsxText(bytes) : Encoding.UTF8.GetString(bytes)));
            }
            foreach (var url in new[] { "/mi-cuenta/mis-datos?handler=Csv", "/mi-cuenta/mis-datos?handler=Json" })
            {
                var text = await world.Clients["aprendiz"].GetStringAsync(url);
                Assert.Contains("Laura", text);
                problems.AddRange(Problems(url, text));
            }

            var distinct = problems.Distinct().ToList();
            Assert.True(distinct.Count == 0, $"{distinct.Count} textos en inglés o con errores:\n{string.Join("\n", distinct.Take(80))}");
        }
        finally
        {
            foreach (var client in world.Clients.Values) client.Dispose();
        }
    }

    private static string Words(string text) => Regex.Replace(text.Replace('\u00a0', ' '), @"\s+", " ").Trim();

    [Fact]
    public async Task A_sign_in_slip_gives_the_user_name_and_expires_at_the_instant_the_audit_log_says_in_the_same_words()
    {
        var app = fixture.App;
        var person = await app.CreateStudentAsync(await app.ColegioIdAsync("IE002"), "1043195555", "Lucía", "Ortega");
        var issued = Assert.Single(await app.IssueCodesAsync(person));

        using var pdf = UglyToad.PdfPig.PdfDocument.Open(Scari.Web.Features.Accounts.SignInSlips.Render([issued], "https://scari.test/cuenta/ingresar-con-codigo"));
        var slip = Words(string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        var expiry = Words(Bogota.Format(issued.ExpiresUtc));
        Assert.Contains("TI-1043195555", slip);
        Assert.Contains("Vence el " + expiry, slip);
        var summary = await app.WithDbAsync(db => db.AuditEntries.Where(e => e.Action == "person.signin-code-issued" && e.TargetId == person.ToString())
            .Select(e => e.Summary).SingleAsync());
        Assert.EndsWith("vence el " + expiry, Words(summary!));
    }

    [Fact]
    public async Task The_header_greets_a_student_by_name_not_by_the_document_user_name()
    {
        var app = fixture.App;
        var person = await app.CreateStudentAsync(await app.ColegioIdAsync("IE002"), "1043195556", "Tomás", "Vega Ríos");
        var user = await app.CreateUserAsync("TI-1043195556", Scari.Web.Features.Accounts.Roles.Aprendiz);
        await app.LinkAccountAsync(user.Id, person);
        using var client = await app.SignedInClientAsync("TI-1043195556");

        var page = await client.GetDocumentAsync("/mi-aprendizaje");
        Assert.Equal("Tomás Vega Ríos", page.QuerySelector(".who")!.TextContent.Trim());
        Assert.DoesNotContain("TI-1043195556", page.QuerySelector("header")!.TextContent);
    }

    [Fact]
    public async Task A_new_student_starts_with_TI_and_a_new_civil_servant_with_CC()
    {
        var app = fixture.App;
        await app.CreateUserAsync("formularios.ti@scari.test", Scari.Web.Features.Accounts.Roles.Administrador);
        using var admin = await app.SignedInClientAsync("formularios.ti@scari.test");

        string Selected(AngleSharp.Html.Dom.IHtmlDocument d) => d.QuerySelector("select[name='Input.DocumentType'] option[selected]")!.GetAttribute("value")!;
        Assert.Equal("TI", Selected(await admin.GetDocumentAsync("/admin/personas/nuevo-estudiante")));
        Assert.Equal("CC", Selected(await admin.GetDocumentAsync("/admin/personas/nuevo-funcionario")));
    }
}
