using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.VisualBasic.FileIO;
using Scari.Testing;
using Scari.Web;
using Scari.Web.Features.Indicators;
using Scari.Web.Features.Learning;
using Scari.Web.Features.People;
using Scari.Web.Features.InPerson;

namespace Scari.IntegrationTests.Indicators;

/// <summary>
/// /datos-abiertos end to end: the catalogue, every table as CSV and JSON with the disclosure rule, the dictionary, the
/// DCAT metadata, ETags, the API, and a reader who solves every file of a cut-off with the previous cut-off and the
/// public pages without pinning down a small cell. On PostgreSQL and on SQLite.
/// </summary>
public abstract class OpenDataTests(IAppFixture fixture)
{
    private ScariAppFactory App => fixture.App;
    private const string Staff = IndicatorScenario.Staff;
    private const string Students = IndicatorScenario.Students;
    private static DateTime Bog(int y, int m, int d) => Bogota.StartOfDayUtc(new DateOnly(y, m, d)).AddHours(10);
    private static readonly DateOnly Feb = new(2025, 2, 28), Mar = new(2025, 3, 31);
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>
    /// Servants: February 8 in A (one with two courses) and 6 in B; March one more in B, 2 in C, and one in an in-person
    /// workshop whose name has a comma and quotes. Students: 7 in colegio S1, 2 in S2 and 12 in S3 by March.
    /// Publishes staff at February's and March's end and students at March's end.
    /// </summary>
    private async Task<(int Feb, int Mar, int Students)> WorldAsync()
    {
        await Gate.WaitAsync();
        try
        {
            // One world per fixture (its own database): a later test of the class finds the publications made.
            var existing = await App.WithDbAsync(db => db.CutoffPublications.AsNoTracking().OrderBy(p => p.Id)
                .Select(p => new { p.Id, p.IndicatorId, p.Cutoff }).ToListAsync());
            if (existing.Count >= 3)
                return (existing.First(p => p.IndicatorId == Staff && p.Cutoff == Feb).Id, existing.First(p => p.IndicatorId == Staff && p.Cutoff == Mar).Id,
                    existing.First(p => p.IndicatorId == Students).Id);
            await App.WithDbAsync(async db =>
            {
                var deps = new[] { "A", "B", "C" }.ToDictionary(k => k, k => new Dependencia { Code = $"OD-{k}", Name = $"Secretaría Abierta {k}" });
                var cols = new[] { "S1", "S2", "S3" }.ToDictionary(k => k, k => new Colegio { Code = $"OD-{k}", Name = $"Colegio Abierto {k}", Localidad = "Uno" });
                db.AddRange(deps.Values);
                db.AddRange(cols.Values);
                var n = 8_800_000;
                Person Add(Audience audience, Dependencia? dep, Colegio? col)
                {
                    var p = new Person
                    {
                        DocumentType = audience == Audience.Staff ? DocumentType.CC : DocumentType.TI, DocumentNumber = (n++).ToString(CultureInfo.InvariantCulture),
                        GivenNames = "Nombre" + n, FamilyNames = "Apellidoabierto", Audience = audience, Dependencia = dep, Colegio = col,
                        Vinculo = dep is null ? null : dep.Code == "OD-B" ? Vinculo.Contratista : Vinculo.Planta, CreatedUtc = Bog(2024, 1, 1),
                    };
                    db.People.Add(p);
                    return p;
                }
                void Done(Person p, string course, DateTime when) =>
                    db.Completions.Add(new Completion { Person = p, CourseId = course, Source = CompletionSource.Online, CompletedUtc = when, Hours = 8 });
                for (var i = 0; i < 8; i++)
                {
                    var p = Add(Audience.Staff, deps["A"], null);
                    Done(p, "seguridad-digital", Bog(2025, 2, 10));
                    if (i == 0) Done(p, "transformacion-digital", Bog(2025, 2, 20));
                }
                for (var i = 0; i < 6; i++) Done(Add(Audience.Staff, deps["B"], null), "seguridad-digital", Bog(2025, 2, 12));
                Done(Add(Audience.Staff, deps["B"], null), "seguridad-digital", Bog(2025, 3, 5));
                Done(Add(Audience.Staff, deps["C"], null), "seguridad-digital", Bog(2025, 3, 20));
                Done(Add(Audience.Staff, deps["C"], null), "seguridad-digital", Bog(2025, 3, 21));
                foreach (var (code, count) in new[] { ("S1", 7), ("S2", 2), ("S3", 12) })
                    for (var i = 0; i < count; i++) Done(Add(Audience.Student, null, cols[code]), "pensamiento-computacional", Bog(2025, 3, 3));
                var workshop = new TrainingSession
                {
                    Name = "Taller \"Datos\", nube", ActivityKey = "actividad-taller-datos-nube", Date = new DateOnly(2025, 3, 25), Hours = 4,
                    TutorName = "Tutora", IndicatorId = Staff, CreatedUtc = Bog(2025, 3, 25),
                };
                db.Add(workshop);
                db.Completions.Add(new Completion { PersonId = 0, Person = db.People.Local.First(p => p.Dependencia == deps["A"]), CourseId = workshop.ActivityKey, Source = CompletionSource.InPerson, CompletedUtc = Bog(2025, 3, 25), Hours = 4 });
                return await db.SaveChangesAsync();
            });
            async Task<int> Publish(string indicator, DateOnly date) => (await App.WithScopeAsync(sp =>
                sp.GetRequiredService<CutoffPublishing>().PublishAsync(indicator, date, null, "prueba", default))).Publication!.Id;
            return (await Publish(Staff, Feb), await Publish(Staff, Mar), await Publish(Students, Mar));
        }
        finally { Gate.Release(); }
    }

    private async Task<JsonArray> TableAsync(string set, string table) =>
        JsonNode.Parse(await App.CreateClient().GetStringAsync($"/datos-abiertos/{set}/{table}.json"))!.AsArray();

    /// <summary>The exact figures at a date, from the same service that publishes: the truth a reader must not recover.</summary>
    private Task<ExactFigures> ExactAsync(string indicator, DateOnly date) => App.WithScopeAsync(async sp =>
    {
        var publishing = sp.GetRequiredService<CutoffPublishing>();
        var ind = sp.GetRequiredService<IndicatorDefinitions>().Find(indicator)!;
        return await publishing.FiguresAsync(ind, date, await publishing.RowsAsync(ind, date, default), default);
    });

    [Fact]
    public async Task The_catalogue_lists_one_set_per_publication_and_per_month_end_and_explains_the_rounded_student_cells()
    {
        var (feb, mar, students) = await WorldAsync();
        var doc = await App.CreateClient().GetDocumentAsync("/datos-abiertos");
        var links = doc.QuerySelectorAll("a").Select(a => a.GetAttribute("href")).ToList();
        foreach (var id in new[] { feb, mar, students })
            Assert.Contains($"/datos-abiertos/corte-{id}/metadatos.json", links);
        Assert.Contains("/datos-abiertos/cierre-2025-03-31/colegios.csv", links);
        Assert.Contains("/datos-abiertos/cierre-2024-01-31/indicadores.json", links);
        Assert.DoesNotContain($"/datos-abiertos/corte-{students}/dependencias.csv", links); // a student set has no staff tables
        Assert.Contains("no sumar el total oficial", doc.QuerySelector("[data-testid=redondeo]")!.TextContent);
        Assert.Contains("/datos-abiertos/diccionario.json", links);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync("/datos-abiertos/cierre-2025-03-30/cursos.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync("/datos-abiertos/corte-999999/cursos.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateClient().GetAsync($"/datos-abiertos/corte-{students}/dependencias.csv")).StatusCode);
    }

    [Fact]
    public async Task Every_cell_of_one_to_four_people_is_suppressed_and_student_cells_are_rounded_in_every_file()
    {
        var (feb, mar, students) = await WorldAsync();
        var sets = new (string Set, string Indicator, DateOnly Date)[]
        {
            ($"corte-{feb}", Staff, Feb), ($"corte-{mar}", Staff, Mar), ($"corte-{students}", Students, Mar),
            ("cierre-2025-02-28", Staff, Feb), ("cierre-2025-03-31", Staff, Mar), ("cierre-2025-03-31", Students, Mar),
        };
        var checkedCells = 0;
        foreach (var (set, indicator, date) in sets)
        {
            var exact = await ExactAsync(indicator, date);
            var isStudents = indicator == Students;
            var truth = new Dictionary<(string Table, string Key), int>();
            foreach (var c in exact.Courses) truth[("cursos", c.Id)] = c.People;
            foreach (var c in exact.Dependencias) truth[("dependencias", c.Key)] = c.People;
            foreach (var c in exact.Vinculos) truth[("vinculos", c.Key)] = c.People;
            foreach (var c in exact.Colegios) truth[("colegios", c.Key)] = c.People;
            foreach (var (table, key) in new[] { ("cursos", "curso_id"), ("dependencias", "dependencia_codigo"), ("vinculos", "vinculo"), ("colegios", "colegio_codigo") })
            {
                if (isStudents ? table is "dependencias" or "vinculos" : table == "colegios") continue;
                foreach (var row in (await TableAsync(set, table)).Select(r => r!.AsObject()).Where(r => (string)r["indicador_id"]! == indicator))
                {
                    var shown = (string)row["personas"]!;
                    var real = truth[(table, (string)row[key]!)];
                    checkedCells++;
                    if (real is >= 1 and <= 4) Assert.True(shown is "<5" or "x", $"{set} {table} {row[key]}: {real} personas publicadas como «{shown}»");
                    else if (shown is not ("<5" or "x"))
                    {
                        var n = int.Parse(shown, CultureInfo.InvariantCulture);
                        if (isStudents) { Assert.Equal(0, n % 5); Assert.InRange(real, n - 2, n + 2); }
                        else Assert.Equal(real, n);
                    }
                }
            }
            var total = (await TableAsync(set, "indicadores")).Single(r => (string)r!["indicador_id"]! == indicator)!;
            Assert.Equal(exact.People, (int)total["personas"]!); // the official total is exact
        }
        Assert.True(checkedCells > 20, $"solo {checkedCells} celdas revisadas");
        // The data set really has small cells to protect: C's 2 servants, S2's 2 students.
        Assert.Equal(2, (await ExactAsync(Staff, Mar)).Dependencias.Single(d => d.Key == "OD-C").People);
        Assert.Equal(2, (await ExactAsync(Students, Mar)).Colegios.Single(d => d.Key == "OD-S2").People);
    }

    [Fact]
    public async Task No_suppressed_value_can_be_recovered_from_every_file_of_a_cut_off_the_previous_cut_off_and_the_public_pages()
    {
        var (feb, mar, students) = await WorldAsync();
        using var client = App.CreateClient();
        // Everything public about March's end: the open-data files of the March cut-off and of the month end, and
        // the published cut-off's own file (what its public page and the API show); plus February's cut-off.
        async Task<PublicReport> PublicFile(int id) => CutoffFiles.ReadPublicFile(await client.GetStringAsync($"/indicadores/cortes/{id}?handler=Archivo")).Report;
        foreach (var (indicator, set, previous, publication) in new[] { (Staff, $"corte-{mar}", (int?)feb, mar), (Students, $"corte-{students}", null, students) })
        {
            var isStudents = indicator == Students;
            var exact = await ExactAsync(indicator, Mar);
            var previousFiles = previous is { } p ? new[] { await PublicFile(p) } : [];
            var previousOpen = previous is { } q ? await TableSetAsync($"corte-{q}", indicator) : null;
            var sources = new List<Dictionary<string, Dictionary<string, string>>>
            {
                await TableSetAsync(set, indicator),
                await TableSetAsync("cierre-2025-03-31", indicator),
                Groups(await PublicFile(publication)),
            };
            var additional = (await TableAsync(set, "indicadores")).Single(r => (string)r!["indicador_id"]! == indicator)!["participaciones_adicionales"]!.GetValue<string>();

            foreach (var (group, truth) in new (string, IReadOnlyList<(string Key, int People)>)[]
            {
                ("cursos", [.. exact.Courses.Select(c => (c.Id, c.People))]),
                ("dependencias", [.. exact.Dependencias.Select(c => (c.Key, c.People))]),
                ("vinculos", [.. exact.Vinculos.Select(c => (c.Key, c.People))]),
                ("colegios", [.. exact.Colegios.Select(c => (c.Key, c.People))]),
            })
            {
                if (truth.Count == 0 || (isStudents ? group is "dependencias" or "vinculos" : group == "colegios")) continue;
                var keys = truth.Select(t => t.Key).ToArray();
                // The group's sum: the exact total, or for courses the total plus the additional participations (a range for students).
                var (sumLow, sumHigh) = group == "cursos" ? Shift(Range(additional, isStudents, exact.People), exact.People) : (exact.People, exact.People);
                var lows = keys.Select(k =>
                {
                    var least = 0;
                    foreach (var old in previousFiles.Select(Groups).Append(previousOpen ?? []))
                        if (old.TryGetValue(group, out var cells) && cells.TryGetValue(k, out var v)) least = Math.Max(least, Range(v, isStudents, exact.People).Low);
                    return least;
                }).ToArray();
                var ranges = keys.Select((k, i) =>
                {
                    var (low, high) = (lows[i], sumHigh);
                    foreach (var s in sources)
                    {
                        var (l, h) = s.TryGetValue(group, out var cells) && cells.TryGetValue(k, out var v) ? Range(v, isStudents, exact.People) : (0, 0);
                        (low, high) = (Math.Max(low, l), Math.Min(high, h));
                    }
                    return (low, high);
                }).ToArray();
                var possible = keys.Select(_ => new HashSet<int>()).ToArray();
                var values = new int[keys.Length];
                void Walk(int i, int sum)
                {
                    if (sum > sumHigh) return;
                    if (i == keys.Length) { if (sum >= sumLow) for (var j = 0; j < keys.Length; j++) possible[j].Add(values[j]); return; }
                    for (var v = ranges[i].low; v <= ranges[i].high; v++) { values[i] = v; Walk(i + 1, sum + v); }
                }
                Walk(0, 0);
                for (var i = 0; i < keys.Length; i++)
                {
                    var real = truth[i].People;
                    Assert.Contains(real, possible[i]); // the attack is sound: the truth is among the solutions
                    if (real is >= 1 and <= 4)
                        Assert.True(possible[i].Count >= 2, $"{indicator} {group} {keys[i]}: el valor {real} se deduce de los archivos publicados");
                }
            }
        }
    }

    private static (int Low, int High) Shift((int Low, int High) r, int by) => (r.Low + by, r.High + by);

    /// <summary>What a reader can deduce from one shown value, independently of <see cref="Disclosure"/>'s own reasoning.</summary>
    private static (int Low, int High) Range(string shown, bool students, int total) => shown switch
    {
        "<5" => (1, 4),
        "x" => (0, total),
        _ when students && shown != "0" => (Math.Max(5, int.Parse(shown, CultureInfo.InvariantCulture) - 2), int.Parse(shown, CultureInfo.InvariantCulture) + 2),
        _ => (int.Parse(shown, CultureInfo.InvariantCulture), int.Parse(shown, CultureInfo.InvariantCulture)),
    };

    private static Dictionary<string, Dictionary<string, string>> Groups(PublicReport r) => new()
    {
        ["cursos"] = r.Courses.ToDictionary(c => c.Id, c => c.People),
        ["dependencias"] = r.Dependencias.ToDictionary(c => c.Key, c => c.Value),
        ["vinculos"] = r.Vinculos.ToDictionary(c => c.Key, c => c.Value),
        ["colegios"] = r.Colegios.ToDictionary(c => c.Key, c => c.Value),
    };

    private async Task<Dictionary<string, Dictionary<string, string>>> TableSetAsync(string set, string indicator)
    {
        var result = new Dictionary<string, Dictionary<string, string>>();
        foreach (var (table, key) in new[] { ("cursos", "curso_id"), ("dependencias", "dependencia_codigo"), ("vinculos", "vinculo"), ("colegios", "colegio_codigo") })
        {
            using var response = await App.CreateClient().GetAsync($"/datos-abiertos/{set}/{table}.json");
            if (response.StatusCode == HttpStatusCode.NotFound) continue;
            result[table] = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray()
                .Where(r => (string)r!["indicador_id"]! == indicator).ToDictionary(r => (string)r![key]!, r => (string)r!["personas"]!);
        }
        return result;
    }

    [Fact]
    public async Task Every_CSV_round_trips_through_a_standard_reader_and_every_JSON_validates_against_the_dictionary()
    {
        var (_, mar, students) = await WorldAsync();
        using var client = App.CreateClient();
        var dictionary = JsonNode.Parse(await client.GetStringAsync("/datos-abiertos/diccionario.json"))!;
        var files = 0;
        foreach (var set in new[] { $"corte-{mar}", $"corte-{students}", "cierre-2025-03-31" })
        {
            foreach (var table in dictionary["tablas"]!.AsArray().Select(t => t!))
            {
                var name = (string)table["tabla"]!;
                using var csvResponse = await client.GetAsync($"/datos-abiertos/{set}/{name}.csv");
                if (csvResponse.StatusCode == HttpStatusCode.NotFound) continue;
                Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType!.MediaType);
                var bytes = await csvResponse.Content.ReadAsByteArrayAsync();
                Assert.False(bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }), "CSV sin BOM");
                var columns = table["columnas"]!.AsArray().Select(c => c!).ToList();
                var json = JsonNode.Parse(await client.GetStringAsync($"/datos-abiertos/{set}/{name}.json"))!.AsArray();

                // The CSV read back by the framework's RFC 4180 reader gives the header and the same values as the JSON.
                using var parser = new TextFieldParser(new MemoryStream(bytes), Encoding.UTF8) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
                parser.SetDelimiters(",");
                Assert.Equal(columns.Select(c => (string)c["columna"]!), parser.ReadFields()!);
                var rows = new List<string[]>();
                while (!parser.EndOfData) rows.Add(parser.ReadFields()!);
                Assert.Equal(json.Count, rows.Count);
                for (var i = 0; i < rows.Count; i++)
                    for (var j = 0; j < columns.Count; j++)
                    {
                        var value = json[i]![(string)columns[j]["columna"]!];
                        var expected = value switch
                        {
                            null => "",
                            JsonValue v when v.TryGetValue<double>(out var d) && (string)columns[j]["tipo"]! == "decimal" => d.ToString("0.0", CultureInfo.InvariantCulture),
                            _ => value.ToString(),
                        };
                        Assert.Equal(expected, rows[i][j]);
                    }

                // The JSON against a schema built from the dictionary alone.
                var schema = JsonSchema.FromText(SchemaFor(columns).ToJsonString());
                var evaluation = schema.Evaluate(JsonDocument.Parse(json.ToJsonString()).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
                Assert.True(evaluation.IsValid, $"{set}/{name}.json: " + JsonSerializer.Serialize(evaluation.Details?.Where(d => !d.IsValid).Select(d => new { d.InstanceLocation, d.Errors })));
                files++;
            }
        }
        Assert.True(files >= 10, $"solo {files} tablas");
        // The workshop's name, with a comma and quotes, came back whole.
        Assert.Contains((await TableAsync($"corte-{mar}", "cursos")), r => (string)r!["curso"]! == "Taller \"Datos\", nube (presencial)");
    }

    /// <summary>JSON Schema from the dictionary: an array of objects with exactly the listed columns, each of its type.</summary>
    private static JsonObject SchemaFor(List<JsonNode> columns) => new()
    {
        ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
        ["type"] = "array",
        ["items"] = new JsonObject
        {
            ["type"] = "object",
            ["additionalProperties"] = false,
            ["required"] = new JsonArray([.. columns.Select(c => (JsonNode)JsonValue.Create((string)c["columna"]!))]),
            ["properties"] = new JsonObject(columns.Select(c => new KeyValuePair<string, JsonNode?>((string)c["columna"]!, (string)c["tipo"]! switch
            {
                "entero" => new JsonObject { ["type"] = "integer", ["minimum"] = 0 },
                "decimal" => new JsonObject { ["type"] = "number" },
                "fecha" => new JsonObject { ["type"] = "string", ["pattern"] = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$" },
                "celda" => new JsonObject { ["type"] = "string", ["pattern"] = "^(0|[1-9][0-9]*|<5|x)$" },
                _ => new JsonObject { ["type"] = "string" },
            }))),
        },
    };

    [Fact]
    public async Task Month_ends_from_one_read_equal_each_month_ends_own_figures()
    {
        await WorldAsync();
        foreach (var id in new[] { Staff, Students })
        {
            var (ends, swept) = await App.WithScopeAsync(async sp =>
            {
                var publishing = sp.GetRequiredService<CutoffPublishing>();
                var ind = sp.GetRequiredService<IndicatorDefinitions>().Find(id)!;
                var ends = publishing.MonthEnds(ind);
                var names = new FigureNames(
                    await sp.GetRequiredService<IndicatorCounter>().CourseTitlesAsync(default),
                    await App.WithDbAsync(db => db.Dependencias.ToDictionaryAsync(d => d.Id, d => (d.Code, d.Name))),
                    await App.WithDbAsync(db => db.Colegios.ToDictionaryAsync(d => d.Id, d => (d.Code, d.Name))));
                return (ends, ExactFigureBuilder.AtMonthEnds(ind, ends, await publishing.RowsAsync(ind, ends[^1], default), names));
            });
            Assert.Contains(Mar, ends);
            foreach (var end in ends.Where(e => e >= Feb.AddMonths(-1) && e <= Mar.AddMonths(1)))
            {
                var own = await ExactAsync(id, end);
                Assert.Equal(own.People, swept[end].People);
                Assert.Equal(own.Courses, swept[end].Courses);
                Assert.Equal(own.Dependencias, swept[end].Dependencias);
                Assert.Equal(own.Vinculos, swept[end].Vinculos);
                Assert.Equal(own.Colegios, swept[end].Colegios);
                Assert.Equal(own.Months, swept[end].Months);
            }
            Assert.True(swept[Mar].People > swept[Feb].People);
        }
    }

    [Fact]
    public async Task The_export_command_writes_every_set_byte_for_byte_as_the_site_serves_it()
    {
        var (_, mar, _) = await WorldAsync();
        var folder = Path.Combine(Path.GetTempPath(), "scari-datos-" + Guid.NewGuid().ToString("N"));
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, await Scari.Web.Features.OpenData.OpenDataCommand.RunAsync(App.Services, ["export", folder], output, new StringWriter()));
            Assert.Contains("conjuntos de datos", output.ToString());
            using var client = App.CreateClient();
            var list = JsonNode.Parse(await client.GetStringAsync("/api/v1/datos-abiertos"))!.AsArray();
            Assert.Equal(list.Select(e => (string)e!["conjunto"]!).Order(StringComparer.Ordinal),
                Directory.GetDirectories(folder).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            foreach (var (set, table) in new[] { ($"corte-{mar}", "dependencias"), ("cierre-2025-03-31", "colegios"), ("cierre-2025-02-28", "cursos"), ("cierre-2025-03-31", "indicadores") })
            {
                Assert.Equal(await client.GetByteArrayAsync($"/datos-abiertos/{set}/{table}.csv"), await File.ReadAllBytesAsync(Path.Combine(folder, set, table + ".csv")));
                Assert.Equal(await client.GetByteArrayAsync($"/datos-abiertos/{set}/{table}.json"), await File.ReadAllBytesAsync(Path.Combine(folder, set, table + ".json")));
            }
            Assert.True(File.Exists(Path.Combine(folder, "diccionario.json")));
            // Run again over the same folder: replaced whole, never a half-written mix.
            Assert.Equal(0, await Scari.Web.Features.OpenData.OpenDataCommand.RunAsync(App.Services, ["export", folder], new StringWriter(), new StringWriter()));
            Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(folder)!, Path.GetFileName(folder) + ".parcial-*"));
            var usage = new StringWriter();
            Assert.Equal(2, await Scari.Web.Features.OpenData.OpenDataCommand.RunAsync(App.Services, ["export"], new StringWriter(), usage));
            Assert.Contains("Uso: open-data export CARPETA", usage.ToString());
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task Metadata_follows_DCAT_and_files_and_the_API_answer_304_to_their_ETag()
    {
        var (_, mar, _) = await WorldAsync();
        using var client = App.CreateClient();
        var meta = JsonNode.Parse(await client.GetStringAsync($"/datos-abiertos/corte-{mar}/metadatos.json"))!;
        Assert.Equal("dcat:Dataset", (string)meta["@type"]!);
        Assert.Contains("corte publicado", (string)meta["dct:title"]!);
        Assert.False(string.IsNullOrWhiteSpace((string)meta["dct:publisher"]!["foaf:name"]!));
        Assert.Equal("2025-03-31", (string)meta["fecha_corte"]!);
        Assert.Equal("2025-03-31", (string)meta["dct:temporal"]!["dcat:endDate"]!);
        Assert.Equal("2024-01-01", (string)meta["dct:temporal"]!["dcat:startDate"]!);
        Assert.StartsWith("https://creativecommons.org/licenses/by-sa/4.0", (string)meta["dct:license"]!);
        Assert.NotNull(meta["dct:accrualPeriodicity"]);
        Assert.NotNull(meta["dcat:contactPoint"]!["vcard:fn"]);
        Assert.Contains(meta["dcat:distribution"]!.AsArray(), d => ((string)d!["dcat:downloadURL"]!).EndsWith($"/datos-abiertos/corte-{mar}/dependencias.csv", StringComparison.Ordinal));
        var monthly = JsonNode.Parse(await client.GetStringAsync("/datos-abiertos/cierre-2025-03-31/metadatos.json"))!;
        Assert.Equal("http://purl.org/cld/freq/monthly", (string)monthly["dct:accrualPeriodicity"]!);

        foreach (var url in new[] { $"/datos-abiertos/corte-{mar}/cursos.csv", $"/api/v1/datos-abiertos/corte-{mar}/cursos", "/api/v1/datos-abiertos" })
        {
            using var first = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            var etag = first.Headers.ETag!;
            using var again = new HttpRequestMessage(HttpMethod.Get, url);
            again.Headers.IfNoneMatch.Add(etag);
            using var second = await client.SendAsync(again);
            Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
            Assert.Empty(await second.Content.ReadAsByteArrayAsync());
        }
        // The API table is the JSON file, byte for byte.
        Assert.Equal(await client.GetStringAsync($"/datos-abiertos/corte-{mar}/dependencias.json"), await client.GetStringAsync($"/api/v1/datos-abiertos/corte-{mar}/dependencias"));
        var openApi = await client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/api/v1/datos-abiertos/{conjunto}/{tabla}", openApi);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/datos-abiertos/corte-{mar}/no-existe")).StatusCode);
    }
}

public sealed class PostgresOpenDataTests(PostgresApp app) : OpenDataTests(app), IClassFixture<PostgresApp>;
public sealed class SqliteOpenDataTests(SqliteApp app) : OpenDataTests(app), IClassFixture<SqliteApp>;
