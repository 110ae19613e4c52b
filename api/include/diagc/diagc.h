/* diagc's C ABI, for other languages' FFI (ctypes, cffi, Rust, Go …).
 *
 *   diagc_options* o = diagc_options_new();
 *   diagc_options_set(o, "theme", "neutral");          // 0 on success, -1 for an unknown key
 *   diagc_result* r = diagc_compile(text, strlen(text), o);
 *   if (diagc_result_ok(r)) {
 *     size_t size; const char* svg = diagc_result_output(r, 0, &size);
 *   }
 *   for (size_t i = 0; i < diagc_result_diagnostic_count(r); ++i) {
 *     diagc_diagnostic d; diagc_result_diagnostic(r, i, &d);
 *     fprintf(stderr, "%s:%d:%d: %s\n", d.file, d.line, d.column, d.message);
 *   }
 *   diagc_result_free(r); diagc_options_free(o);
 *
 * Strings are UTF-8 and owned by the object they come from: valid until it is
 * freed. Link -ldiagc (SVG); for PNG and PDF also load -ldiagc-raster (its
 * loading enables them; diagc_enable_raster() does it explicitly).
 * The same results as the C++ API (<diagc/diagc.hpp>) and the CLI. */
#ifndef DIAGC_DIAGC_H
#define DIAGC_DIAGC_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define DIAGC_EXPORT __attribute__((visibility("default")))

typedef struct diagc_options diagc_options;
typedef struct diagc_result diagc_result;

typedef enum { DIAGC_ERROR = 0, DIAGC_WARNING = 1, DIAGC_NOTE = 2 } diagc_severity;

typedef struct {
  diagc_severity severity;
  const char* code; /* stable identifier; "" for notes */
  const char* message;
  const char* file;
  int line, column, end_line, end_column; /* 1-based; 0 when there is no place */
} diagc_diagnostic;

DIAGC_EXPORT diagc_options* diagc_options_new(void);
/* Keys as in .diagc.toml: "language" (puml, dbml, mermaid), "format" (svg, png, pdf),
 * "theme", "dark-theme", "id-prefix", "file-name", "include-dir" (adds one),
 * "lenient" ("true"/"false"), "scale". Returns 0, or -1 for an unknown key or a
 * value that is not a number or boolean where one is needed. Values naming
 * unknown themes or formats are reported by diagc_compile as diagnostics. */
DIAGC_EXPORT int diagc_options_set(diagc_options* options, const char* key, const char* value);
DIAGC_EXPORT void diagc_options_free(diagc_options* options);

/* options may be NULL (the defaults). Never NULL: problems are diagnostics. */
DIAGC_EXPORT diagc_result* diagc_compile(const char* text, size_t size, const diagc_options* options);
DIAGC_EXPORT int diagc_result_ok(const diagc_result* result); /* 1: no errors */
DIAGC_EXPORT size_t diagc_result_output_count(const diagc_result* result);
/* The i-th picture's bytes (size in *size) or NULL when i is out of range. */
DIAGC_EXPORT const char* diagc_result_output(const diagc_result* result, size_t i, size_t* size);
DIAGC_EXPORT const char* diagc_result_output_name(const diagc_result* result, size_t i); /* "a.svg" */
DIAGC_EXPORT const char* diagc_result_output_format(const diagc_result* result, size_t i); /* "svg" */
DIAGC_EXPORT size_t diagc_result_diagnostic_count(const diagc_result* result);
/* Fills *out with the i-th diagnostic (not the notes); returns -1 when i is out of range. */
DIAGC_EXPORT int diagc_result_diagnostic(const diagc_result* result, size_t i, diagc_diagnostic* out);
DIAGC_EXPORT void diagc_result_free(diagc_result* result);

DIAGC_EXPORT const char* diagc_version(void);
/* In libdiagc-raster: makes "png" and "pdf" available (also done when it is loaded). */
DIAGC_EXPORT void diagc_enable_raster(void);

#ifdef __cplusplus
}
#endif

#endif
