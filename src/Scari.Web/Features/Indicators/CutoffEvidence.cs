using System.Globalization;
using System.IO.Compression;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Scari.Web.Data;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Fonts;
using SkiaSharp;

namespace Scari.Web.Features.Indicators;

/// <summary>
/// The evidence pack of a publication (one ZIP, administrators only, audited by the page that serves it): the two
/// canonical files exactly as hashed, the people and completions behind the figures as an auditor reads them, the
/// hours per person and per vínculo that the Plan Institucional de Capacitación and FURAG ask for, and a one-page PDF
/// summary with the hash and a QR code to the public page. Names and documents are read now, not frozen: an
/// anonymized person shows as anonymized, and the publication itself does not change.
/// </summary>
public sealed class CutoffEvidence(ScariDbContext db, IndicatorCounter counter, IndicatorDefinitions definitions, PublicLinks links)
{
    public sealed record Pack(string FileName, byte[] Zip, string IndicatorId, DateOnly Cutoff);

    /// <summary>One line of the people file: a frozen completion with what an auditor needs to find it.</summary>
    public sealed record EvidenceRow(FrozenRow Row, Person? Person, string Dependencia, string Colegio, string Course, int? Hours, string Certificate,
        string Imported = "");

    /// <summary>One counted person: their latest counted completion (the unit and vínculo they were counted with), completions and hours.</summary>
    public sealed record PersonHours(EvidenceRow Last, int Completions, int Hours);

    /// <summary>Hours of one vínculo: people, completions and hours behind the publication.</summary>
    public sealed record VinculoHours(string Vinculo, int People, int Completions, int Hours);

    public async Task<Pack?> BuildAsync(int publicationId, DateTime generatedUtc, CancellationToken ct)
    {
        var p = await db.CutoffPublications.AsNoTracking().FirstOrDefaultAsync(x => x.Id == publicationId, ct);
        if (p is null) return null;
        var peopleFile = CutoffFiles.Gunzip(p.PeopleFileGzip);
        var rows = CutoffFiles.ReadPeopleFile(peopleFile);
        var evidence = await RowsAsync(rows, ct);
        var perPerson = PerPerson(evidence);
        var hours = ByVinculo(perPerson);
        var report = CutoffPublishing.ReportOf(p);
        var stem = $"corte-{p.IndicatorId}-{p.Cutoff:yyyy-MM-dd}-{p.Id}";
        var publicUrl = links.Absolute($"/indicadores/cortes/{p.Id}");

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            void Add(string name, byte[] bytes)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = new DateTimeOffset(DateTime.SpecifyKind(p.PublishedUtc, DateTimeKind.Utc));
                using var s = entry.Open();
                s.Write(bytes);
            }
            Add("LEAME.txt", Encoding.UTF8.GetBytes(Readme(p, stem, publicUrl)));
            Add($"{stem}.txt", new UTF8Encoding(false).GetBytes(p.PublicFile));
            Add($"{stem}-personas.txt", peopleFile);
            Add("personas-y-finalizaciones.csv", PeopleCsv(evidence));
            Add("horas-por-persona.csv", HoursPerPersonCsv(perPerson));
            Add("horas-por-vinculo.csv", Spreadsheet.WriteCsv(
                new[] { new object?[] { "vinculo", "personas", "finalizaciones", "horas", "horas_por_persona" } }
                .Concat(hours.Select(h => new object?[] { h.Vinculo, h.People, h.Completions, h.Hours, HoursPerPerson(h) }))));
            Add("resumen.pdf", SummaryPdf(p, report, hours, publicUrl, generatedUtc));
        }
        return new Pack($"{stem}-evidencia.zip", buffer.ToArray(), p.IndicatorId, p.Cutoff);
    }

    /// <summary>The frozen rows with today's names and documents, the hours and the certificate of each completion.</summary>
    public async Task<List<EvidenceRow>> RowsAsync(IReadOnlyList<FrozenRow> rows, CancellationToken ct)
    {
        var personIds = rows.Select(r => r.PersonId).Distinct().ToArray();
        var completionIds = rows.Select(r => r.CompletionId).ToArray();
        var people = await db.People.AsNoTracking().Where(x => personIds.Contains(x.Id)).ToDictionaryAsync(x => x.Id, ct);
        var completions = await db.Completions.AsNoTracking().Where(c => completionIds.Contains(c.Id))
            .Select(c => new { c.Id, c.Hours, c.ImportId, c.ExternalCertificate, c.ActivityName }).ToDictionaryAsync(c => c.Id, ct);
        var importIds = completions.Values.Where(c => c.ImportId != null).Select(c => c.ImportId!.Value).Distinct().ToArray();
        // Imported history names its file and the day it was imported (the import page and the audit log have the rest).
        var imports = await db.Set<CompletionImport>().AsNoTracking().Where(i => importIds.Contains(i.Id))
            .ToDictionaryAsync(i => i.Id, i => $"{i.FileName} ({(i.ImportedUtc is { } at ? Bogota.ToLocal(at).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "")})", ct);
        string Imported(int completionId) =>
            completions.GetValueOrDefault(completionId) is { ImportId: { } importId } c
                ? imports.GetValueOrDefault(importId, "historial importado") + (c.ExternalCertificate is { } other ? $"; certificado del otro sistema: {other}" : "")
                : "";
        var certificates = (await db.Certificates.AsNoTracking().Where(c => completionIds.Contains(c.CompletionId))
                .Select(c => new { c.CompletionId, c.Code, c.RevokedUtc, c.IssuedUtc }).ToListAsync(ct))
            .GroupBy(c => c.CompletionId)
            .Select(g => g.OrderBy(c => c.RevokedUtc != null).ThenByDescending(c => c.IssuedUtc).First())
            .ToDictionary(c => c.CompletionId, c => c.RevokedUtc is null ? c.Code : $"{c.Code} (revocado)");
        var dependencias = await db.Dependencias.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var colegios = await db.Colegios.AsNoTracking().ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        var titles = await counter.CourseTitlesAsync(ct);
        return [.. rows.OrderBy(r => r.CompletionId).Select(r => new EvidenceRow(
            r,
            people.GetValueOrDefault(r.PersonId),
            r.DependenciaId is { } d ? dependencias.GetValueOrDefault(d, $"#{d}") : "",
            r.ColegioId is { } c ? colegios.GetValueOrDefault(c, $"#{c}") : "",
            titles.GetValueOrDefault(r.CourseId) ?? completions.GetValueOrDefault(r.CompletionId)?.ActivityName ?? r.CourseId,
            completions.TryGetValue(r.CompletionId, out var h) ? h.Hours : null,
            certificates.GetValueOrDefault(r.CompletionId, ""),
            Imported(r.CompletionId)))];
    }

    /// <summary>Each counted person once, filed under their latest counted completion (the breakdowns' convention).</summary>
    public static List<PersonHours> PerPerson(IEnumerable<EvidenceRow> rows) =>
        [.. rows.GroupBy(r => r.Row.PersonId).Select(g => new PersonHours(
            g.OrderBy(r => r.Row.CompletedUtc).ThenBy(r => r.Row.CompletionId).Last(), g.Count(), g.Sum(r => r.Hours ?? 0)))];

    /// <summary>People, completions and hours by the vínculo each person was counted with, then the total.</summary>
    public static List<VinculoHours> ByVinculo(IReadOnlyList<PersonHours> perPerson)
    {
        var result = new List<VinculoHours>();
        foreach (var (label, vinculo) in new (string, Vinculo?)[] { ("planta", Vinculo.Planta), ("contratista", Vinculo.Contratista), ("sin vínculo", null) })
        {
            var group = perPerson.Where(x => x.Last.Row.Vinculo == vinculo).ToList();
            if (group.Count > 0 || vinculo is not null)
                result.Add(new(label, group.Count, group.Sum(x => x.Completions), group.Sum(x => x.Hours)));
        }
        result.Add(new("total", perPerson.Count, perPerson.Sum(x => x.Completions), perPerson.Sum(x => x.Hours)));
        return result;
    }

    private static string HoursPerPerson(VinculoHours h) =>
        h.People == 0 ? "0" : (h.Hours / (double)h.People).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Document(Person? p) => p is null ? "(persona no encontrada)" : $"{p.DocumentType} {p.DocumentNumber}";
    private static string Vin(Vinculo? v) => v switch { Vinculo.Planta => "planta", Vinculo.Contratista => "contratista", _ => "" };
    private static string Source(CompletionSource s) => s switch { CompletionSource.Online => "en línea", CompletionSource.InPerson => "presencial", _ => CutoffFiles.SourceText(s) };

    private static byte[] PeopleCsv(IEnumerable<EvidenceRow> rows) => Spreadsheet.WriteCsv(
        new[] { new object?[] { "finalizacion", "documento", "nombres", "apellidos", "publico", "dependencia", "vinculo", "colegio", "curso", "fecha", "origen", "horas", "certificado", "historial_importado" } }
        .Concat(rows.Select(e => new object?[]
        {
            e.Row.CompletionId, Document(e.Person), e.Person?.GivenNames ?? "", e.Person?.FamilyNames ?? "",
            e.Row.Audience == Audience.Staff ? "servidor" : "estudiante", e.Dependencia, Vin(e.Row.Vinculo), e.Colegio, e.Course,
            Bogota.ToLocal(e.Row.CompletedUtc).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Source(e.Row.Source),
            e.Hours is { } h ? h : "", e.Certificate, e.Imported,
        })));

    private static byte[] HoursPerPersonCsv(IEnumerable<PersonHours> perPerson) => Spreadsheet.WriteCsv(
        new[] { new object?[] { "documento", "nombres", "apellidos", "vinculo", "dependencia", "colegio", "finalizaciones", "horas" } }
        .Concat(perPerson.Select(x => new object?[]
        {
            Document(x.Last.Person), x.Last.Person?.GivenNames ?? "", x.Last.Person?.FamilyNames ?? "", Vin(x.Last.Row.Vinculo),
            x.Last.Dependencia, x.Last.Colegio, x.Completions, x.Hours,
        })));

    private static string Readme(CutoffPublication p, string stem, string publicUrl) => $"""
        Paquete de evidencia del corte n.º {p.Id} de SCARI
        Indicador: {p.IndicatorId} · corte: {p.Cutoff:yyyy-MM-dd} · publicado: {Bogota.Format(p.PublishedUtc)} por {p.PublishedByName}
        Página pública: {publicUrl}

        {stem}.txt                 archivo público canónico, tal como se publicó. Su SHA-256 es la huella del corte:
                                   {p.Sha256}
        {stem}-personas.txt        archivo canónico de las finalizaciones y personas contadas (identificadores y datos contados);
                                   su SHA-256 ({p.PeopleSha256}) está en el archivo público, campo personas_sha256.
        personas-y-finalizaciones.csv  cada finalización contada: documento y nombres (leídos hoy), público, dependencia, vínculo
                                   y colegio con que se contó, curso, fecha (Bogotá), origen, horas, certificado y, para el historial importado, el archivo, el día de la importación y el certificado del otro sistema.
        horas-por-persona.csv      horas de formación por persona (Plan Institucional de Capacitación, FURAG).
        horas-por-vinculo.csv      personas, finalizaciones y horas por vínculo (planta / contratista), con el total.
        resumen.pdf                resumen de una página con la huella y el código QR de la página pública.

        Para comprobar las huellas sin conexión:
            dotnet run --project src/Scari.Web -- report verify {stem}.txt {stem}-personas.txt
        o, con cualquier herramienta, sha256sum {stem}.txt (debe dar la huella de arriba).
        Los nombres y documentos se leen al generar este paquete: si una persona fue anonimizada (Ley 1581 de 2012), aparece
        anonimizada; el corte publicado no cambia.
        """.Replace("\r\n", "\n");

    private byte[] SummaryPdf(CutoffPublication p, PublicReport report, IReadOnlyList<VinculoHours> hours, string publicUrl, DateTime generatedUtc)
    {
        var name = definitions.Find(p.IndicatorId)?.Name ?? report.IndicatorName;
        const float width = 595, height = 842, margin = 48;
        using var stream = new MemoryStream();
        using (var document = SKDocument.CreatePdf(stream, new SKDocumentPdfMetadata
        {
            Title = $"Evidencia del corte {p.Id}: {name} al {p.Cutoff:yyyy-MM-dd}", Author = "SCARI", Creator = "SCARI", Creation = generatedUtc,
        }))
        {
            var canvas = document.BeginPage(width, height);
            using var ink = new SKPaint { Color = new SKColor(0x1b, 0x24, 0x30), IsAntialias = true };
            using var muted = new SKPaint { Color = new SKColor(0x4a, 0x55, 0x63), IsAntialias = true };
            using var rule = new SKPaint { Color = new SKColor(0xd5, 0xdd, 0xe5), StrokeWidth = 0.8f, IsStroke = true };
            using var title = new SKFont(ScariFonts.SansBold, 15);
            using var bold = new SKFont(ScariFonts.SansBold, 10);
            using var body = new SKFont(ScariFonts.Sans, 10);
            using var mono = new SKFont(ScariFonts.Sans, 8.5f);
            var y = margin + 10;
            canvas.DrawText("Evidencia de un corte publicado", margin, y, SKTextAlign.Left, title, ink);
            y += 22;
            foreach (var line in PdfText.Wrap(name, bold, width - 2 * margin)) { canvas.DrawText(line, margin, y, SKTextAlign.Left, bold, ink); y += 14; }
            void Pair(string label, string value)
            {
                canvas.DrawText(label, margin, y, SKTextAlign.Left, body, muted);
                canvas.DrawText(value, margin + 170, y, SKTextAlign.Left, body, ink);
                y += 15;
            }
            y += 4;
            Pair("Corte n.º", p.Id.ToString(CultureInfo.InvariantCulture));
            Pair("Fecha de corte", Bogota.FormatDate(p.Cutoff));
            Pair("Periodo", $"{Bogota.FormatDate(report.PeriodStart)} a {Bogota.FormatDate(report.PeriodEnd)}");
            Pair("Publicado", $"{Bogota.Format(p.PublishedUtc)}, por {p.PublishedByName}");
            Pair("Personas (total oficial)", $"{p.People.ToString("N0", Bogota.Culture)} de una meta de {report.Target.ToString("N0", Bogota.Culture)}");
            Pair("Participaciones adicionales", report.Additional);
            Pair("Regla de reserva", report.Students ? $"versión {p.RuleVersion}: estudiantes redondeados a 5, celdas de 1 a 4 como «<5»" : $"versión {p.RuleVersion}: celdas de 1 a 4 como «<5»");
            y += 8;
            canvas.DrawText("Horas de formación por vínculo (Plan Institucional de Capacitación, FURAG)", margin, y, SKTextAlign.Left, bold, ink);
            y += 16;
            float[] cols = [margin, margin + 150, margin + 240, margin + 340, margin + 420];
            string[] head = ["Vínculo", "Personas", "Finalizaciones", "Horas", "Horas por persona"];
            for (var i = 0; i < head.Length; i++) canvas.DrawText(head[i], cols[i], y, SKTextAlign.Left, bold, muted);
            y += 5;
            canvas.DrawLine(margin, y, width - margin, y, rule);
            y += 13;
            foreach (var h in hours)
            {
                string[] cells = [h.Vinculo, h.People.ToString("N0", Bogota.Culture), h.Completions.ToString("N0", Bogota.Culture), h.Hours.ToString("N0", Bogota.Culture), HoursPerPerson(h).Replace('.', ',')];
                var font = h.Vinculo == "total" ? bold : body;
                for (var i = 0; i < cells.Length; i++) canvas.DrawText(cells[i], cols[i], y, SKTextAlign.Left, font, ink);
                y += 15;
            }
            y += 10;
            canvas.DrawText("Huella SHA-256 del archivo público (la huella del corte)", margin, y, SKTextAlign.Left, bold, ink);
            y += 14;
            canvas.DrawText(p.Sha256[..32], margin, y, SKTextAlign.Left, mono, ink); y += 12;
            canvas.DrawText(p.Sha256[32..], margin, y, SKTextAlign.Left, mono, ink); y += 16;
            canvas.DrawText("SHA-256 del archivo de personas (campo personas_sha256 del archivo público)", margin, y, SKTextAlign.Left, bold, ink);
            y += 14;
            canvas.DrawText(p.PeopleSha256[..32], margin, y, SKTextAlign.Left, mono, ink); y += 12;
            canvas.DrawText(p.PeopleSha256[32..], margin, y, SKTextAlign.Left, mono, ink); y += 20;

            const float qr = 130;
            using var fill = new SKPaint { IsAntialias = true };
            PdfText.DrawQr(canvas, publicUrl, margin, y, qr, fill);
            var textLeft = margin + qr + 16;
            var ty = y + 20;
            canvas.DrawText("Cifras públicas de este corte:", textLeft, ty, SKTextAlign.Left, bold, ink);
            ty += 14;
            foreach (var line in PdfText.Wrap(publicUrl, body, width - margin - textLeft)) { canvas.DrawText(line, textLeft, ty, SKTextAlign.Left, body, ink); ty += 13; }
            ty += 6;
            foreach (var line in PdfText.Wrap("Compruebe la huella con «report verify» (LEAME.txt) o con sha256sum sobre el archivo público del paquete.", body, width - margin - textLeft))
            { canvas.DrawText(line, textLeft, ty, SKTextAlign.Left, body, muted); ty += 13; }
            canvas.DrawText($"Generado por SCARI el {Bogota.Format(generatedUtc)}.", margin, height - margin, SKTextAlign.Left, mono, muted);
            document.EndPage();
        }
        return stream.ToArray();
    }
}
