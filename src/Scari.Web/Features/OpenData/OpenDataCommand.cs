using System.Diagnostics;
using System.Text.Json.Nodes;
using Scari.Web.Features.Indicators;

namespace Scari.Web.Features.OpenData;

/// <summary>
/// <c>open-data export CARPETA</c>: writes every data set of /datos-abiertos (each table as CSV and JSON, its metadata)
/// and the data dictionary to a folder, byte for byte what the site serves, for uploading to the national open-data
/// portal or archiving beside a report. The month ends come from one pass over the rows (see <see cref="ExactFigureBuilder"/>).
/// </summary>
public static class OpenDataCommand
{
    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error, CancellationToken ct = default)
    {
        if (args is not ["export", var folder] || string.IsNullOrWhiteSpace(folder))
        {
            error.WriteLine("Uso: open-data export CARPETA   (escribe en CARPETA todos los conjuntos de datos abiertos, en CSV y JSON, con sus metadatos)");
            return 2;
        }
        var root = Path.GetFullPath(folder);
        if (File.Exists(root))
        {
            error.WriteLine($"«{root}» es un archivo: indique una carpeta (se crea si no existe).");
            return 2;
        }

        var watch = Stopwatch.StartNew();
        await using var scope = services.CreateAsyncScope();
        var sets = scope.ServiceProvider.GetRequiredService<OpenDataSets>();
        // Written to a sibling folder first and moved into place at the end: a failure leaves no half-written export.
        var staging = root.TrimEnd(Path.DirectorySeparatorChar) + ".parcial-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            await sets.PrepareMonthEndsAsync(ct);
            var figures = watch.Elapsed;
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            var files = 0;
            await File.WriteAllBytesAsync(Path.Combine(staging, "diccionario.json"), OpenData.Json(OpenData.Dictionary()), ct);
            files++;
            var list = new JsonArray();
            foreach (var entry in await sets.ListAsync(ct))
            {
                if (await sets.FindAsync(entry.Slug, ct) is not { } set) continue;
                var dir = Directory.CreateDirectory(Path.Combine(staging, set.Slug)).FullName;
                await File.WriteAllBytesAsync(Path.Combine(dir, "metadatos.json"), OpenData.Json(sets.Metadata(set)), ct);
                files++;
                foreach (var table in set.Tables)
                {
                    await File.WriteAllBytesAsync(Path.Combine(dir, table.Name + ".csv"), OpenData.Csv(set, table), ct);
                    await File.WriteAllBytesAsync(Path.Combine(dir, table.Name + ".json"), OpenData.Json(OpenData.JsonRows(set, table)), ct);
                    files += 2;
                }
                list.Add(new JsonObject { ["conjunto"] = set.Slug, ["titulo"] = set.Title, ["fecha_corte"] = IndicatorLinks.Date(set.Cutoff) });
            }
            await File.WriteAllBytesAsync(Path.Combine(staging, "conjuntos.json"), OpenData.Json(list), ct);
            files++;

            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
            Directory.Move(staging, root);
            output.WriteLine($"{list.Count} conjuntos de datos, {files} archivos en {root} ({watch.Elapsed.TotalSeconds:0.00} s: cifras {figures.TotalSeconds:0.00} s con {cpu.TotalSeconds:0.00} s de CPU, archivos {(watch.Elapsed - figures).TotalSeconds:0.00} s).");
            return 0;
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
