using System.Security.Cryptography;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// <c>certificate verify FILE.json [--key PUBLIC.pem]</c>: checks a downloaded certificate offline, without a database.
/// Exit code 0 when the signature is valid, 1 when not (with the reason), 2 for a usage error.
/// </summary>
public static class CertificateCommand
{
    private const string Usage = "Uso: certificate verify ARCHIVO.json [--key CLAVE-PUBLICA.pem]";

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        if (args is not ["verify", var file, .. var rest])
        {
            error.WriteLine(Usage);
            return 2;
        }
        string? keyFile = null;
        if (rest is ["--key", var k]) keyFile = k;
        else if (rest.Length > 0)
        {
            error.WriteLine(Usage);
            return 2;
        }
        if (!File.Exists(file))
        {
            error.WriteLine($"No se encontró el archivo «{file}».");
            return 2;
        }

        ECDsa? key = null;
        try
        {
            if (keyFile is not null)
            {
                if (!File.Exists(keyFile))
                {
                    error.WriteLine($"No se encontró la clave pública «{keyFile}».");
                    return 2;
                }
                try { key = CertificateSignature.ImportPublicKey(File.ReadAllText(keyFile)); }
                catch (Exception ex) when (ex is CryptographicException or ArgumentException or FormatException or System.Text.Json.JsonException or KeyNotFoundException)
                {
                    error.WriteLine($"«{keyFile}» no es una clave pública ECDSA P-256 (PEM o JWK).");
                    return 2;
                }
            }
            var result = CertificateCredential.Verify(File.ReadAllText(file), key);
            if (result.Valid)
            {
                output.WriteLine($"VÁLIDO: {result.Code}. {result.Message}");
                output.WriteLine("La revocación no consta en el archivo: consulte la página de verificación del código.");
                return 0;
            }
            output.WriteLine($"NO VÁLIDO: {result.Message}");
            return 1;
        }
        finally
        {
            key?.Dispose();
        }
    }
}
