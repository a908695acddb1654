/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The portfolio benchmark: imports a generated spreadsheet of N companies,
 * then times search, the full list, row loading, a re-import and (when
 * asked) the launch of the app on that portfolio.  It measures and prints;
 * it never fails on a time.  The goals it is read against (issue): import
 * of 100 000 rows under 3 s, search p95 under 15 ms, window usable within
 * 1 s of launch with 100 000 companies. */
#define G_LOG_DOMAIN "bench-portfolio"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>

#include "cn-csv.h"
#include "cn-identifiers.h"
#include "cn-store.h"
#include "cn-store-private.h"

#ifndef BENCH_BUILD_ROOT
#define BENCH_BUILD_ROOT ""
#endif
#ifndef BENCH_BUILDTYPE
#define BENCH_BUILDTYPE "unknown"
#endif

#define GOAL_IMPORT_S       3.0
#define GOAL_SEARCH_P95_MS  15.0
#define GOAL_WINDOW_S       1.0

/* The importer's transaction size (cn-csv.c), for the SQLite floor. */
#define FLOOR_BATCH_ROWS    10000

static gint opt_count = 100000;
static gint opt_queries = 200;
static gint64 opt_seed = 20240611;
static char *opt_app;
static char *opt_schema_dir;
static gint opt_app_timeout = 30;
static gint opt_app_runs = 5;
static char *opt_dir;
static gboolean opt_keep;
static gboolean opt_explain;
static gboolean opt_profile_sql;

static const GOptionEntry entries[] = {
  { "count", 'n', 0, G_OPTION_ARG_INT, &opt_count, "Companies to generate (default 100000)", "N" },
  { "queries", 'q', 0, G_OPTION_ARG_INT, &opt_queries, "Search queries to time (default 200)", "N" },
  { "seed", 0, 0, G_OPTION_ARG_INT64, &opt_seed, "Seed of the generator (default fixed)", "SEED" },
  { "app", 0, 0, G_OPTION_ARG_FILENAME, &opt_app, "Also time the launch of this connecteur binary", "PATH" },
  { "schema-dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_schema_dir, "GSETTINGS_SCHEMA_DIR for --app (default <builddir>/data)", "DIR" },
  { "app-timeout", 0, 0, G_OPTION_ARG_INT, &opt_app_timeout, "Seconds to wait for the window (default 30)", "S" },
  { "app-runs", 0, 0, G_OPTION_ARG_INT, &opt_app_runs, "Launches of the app to time (default 5)", "N" },
  { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Create the work folder in DIR (default $TMPDIR)", "DIR" },
  { "keep", 0, 0, G_OPTION_ARG_NONE, &opt_keep, "Keep the work folder (CSV and database)", NULL },
  { "explain", 0, 0, G_OPTION_ARG_NONE, &opt_explain, "Print query plans and per-query SQLite counters", NULL },
  { "profile-sql", 0, 0, G_OPTION_ARG_NONE, &opt_profile_sql, "Time each SQL statement of the first import", NULL },
  { NULL }
};

/* ---- small helpers --------------------------------------------------- */

static void G_GNUC_PRINTF (1, 2)
out (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vprintf (format, args);
  va_end (args);
  fflush (stdout);
}

/* User + system CPU time of this process, in seconds. */
static double
cpu_now (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

static double
seconds_since (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1e6;
}

/* splitmix64: tiny, and the same sequence on every platform and GLib. */
typedef struct { guint64 state; } Rng;

static guint64
rng_next (Rng *rng)
{
  guint64 z = (rng->state += G_GUINT64_CONSTANT (0x9E3779B97F4A7C15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94D049BB133111EB);
  return z ^ (z >> 31);
}

static guint
rng_below (Rng   *rng,
           guint  n)
{
  return (guint) (rng_next (rng) % n);
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile of a sorted array. */
static double
percentile (const double *sorted,
            guint         n,
            double        p)
{
  guint rank;

  if (n == 0)
    return 0;
  rank = (guint) (p / 100.0 * n + 0.999999);
  rank = CLAMP (rank, 1, n);
  return sorted[rank - 1];
}

static char *
format_size (goffset bytes)
{
  return g_strdup_printf ("%.1f MiB", bytes / (1024.0 * 1024.0));
}

static goffset
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (goffset) st.st_size : 0;
}

static const char *
goal (gboolean met)
{
  return met ? "met" : "MISSED";
}

/* ---- vocabulary ------------------------------------------------------ */

typedef struct {
  const char *word;
  const char *naf; /* NULL: one of crafts_naf */
} Trade;

static const Trade trades[] = {
  { "Boulangerie", "10.71C" },
  { "Boulangerie-Pâtisserie", "10.71C" },
  { "Pâtisserie", "10.71D" },
  { "Boucherie", "47.22Z" },
  { "Charcuterie", "10.13B" },
  { "Épicerie", "47.11B" },
  { "Épicerie fine", "47.11B" },
  { "Café", "56.30Z" },
  { "Bar-Tabac", "56.30Z" },
  { "Brasserie", "56.10A" },
  { "Restaurant", "56.10A" },
  { "Crêperie", "56.10A" },
  { "Hôtel", "55.10Z" },
  { "Garage", "45.20A" },
  { "Menuiserie", "43.32A" },
  { "Électricité", "43.21A" },
  { "Plomberie", "43.22A" },
  { "Coiffure", "96.02A" },
  { "Salon de coiffure", "96.02A" },
  { "Institut de beauté", "96.02B" },
  { "Librairie", "47.61Z" },
  { "Fleuriste", "47.76Z" },
  { "Pharmacie", "47.73Z" },
  { "Boutique", "47.71Z" },
  { "Prêt-à-porter", "47.71Z" },
  { "Confiserie", "47.24Z" },
  { "Cordonnerie", "95.23Z" },
  { "Studio photo", "74.20Z" },
  { "Cabinet comptable", "69.20Z" },
  { "Agence d'architecture", "71.11Z" },
  { "Taxis", "49.32Z" },
  { "Nettoyage", "81.21Z" },
  { "Informatique", "62.01Z" },
  { "Atelier", NULL },
  { "Atelier", NULL },
  { "Maison", NULL },
};

static const char *crafts_naf[] = { "43.32A", "95.23Z", "47.78C", "10.71C", "47.24Z" };

static const char *surnames[] = {
  "Dupont", "Lefèvre", "Martin", "Bernard", "Durand", "Moreau", "Girard", "Rousseau",
  "Garnier", "Chevalier", "François", "Léger", "Gérard", "Hébert", "Ménard", "Lemaître",
  "Barthélemy", "Crémieux", "Desprès", "Noël", "Sénéchal", "Pépin", "Béranger", "Prévost",
  "Lévêque", "Pagès", "Fabre", "Faure", "Guérin", "Mercier", "Fontaine", "Clément",
  "Gauthier", "Rivière", "Meunier", "Lacroix", "Vidal", "Picard", "Renaud", "Jégou",
  "Le Goff", "Le Gall", "Quéré", "Kerléo", "Oberlé", "Mézières", "Château", "Bonnefoy",
  "Delahaye", "Marchand", "Bréhat", "Thévenin", "Aubé", "Cléry", "Dumas", "Roche",
};

static const char *places[] = {
  "du Château", "du Moulin", "de la Gare", "des Halles", "de l'Église", "du Marché",
  "de la Mairie", "du Lac", "des Tilleuls", "du Vieux Pont", "de la Poste", "du Centre",
  "des Remparts", "de la Cathédrale", "du Port", "de la Forêt", "des Vignes", "du Pré",
};

static const char *suffixes[] = { "& Fils", "et Fille", "Frères", "et Associés" };

typedef struct {
  const char *postcode;
  const char *commune;
} Commune;

static const Commune communes[] = {
  { "75011", "Paris" }, { "75018", "Paris" }, { "69003", "Lyon" }, { "13001", "Marseille" },
  { "31000", "Toulouse" }, { "33000", "Bordeaux" }, { "44000", "Nantes" }, { "59000", "Lille" },
  { "67000", "Strasbourg" }, { "35000", "Rennes" }, { "34000", "Montpellier" }, { "06000", "Nice" },
  { "21000", "Dijon" }, { "29200", "Brest" }, { "87000", "Limoges" }, { "63000", "Clermont-Ferrand" },
  { "08000", "Charleville-Mézières" }, { "37000", "Tours" }, { "49000", "Angers" }, { "76000", "Rouen" },
  { "14000", "Caen" }, { "80000", "Amiens" }, { "51100", "Reims" }, { "57000", "Metz" },
  { "54000", "Nancy" }, { "25000", "Besançon" }, { "38000", "Grenoble" }, { "73000", "Chambéry" },
  { "74000", "Annecy" }, { "64000", "Pau" }, { "64100", "Bayonne" }, { "17000", "La Rochelle" },
  { "86000", "Poitiers" }, { "45000", "Orléans" }, { "18000", "Bourges" }, { "58000", "Nevers" },
  { "03100", "Montluçon" }, { "12000", "Rodez" }, { "81000", "Albi" }, { "46000", "Cahors" },
  { "24000", "Périgueux" }, { "19100", "Brive-la-Gaillarde" }, { "20000", "Ajaccio" },
  { "20200", "Bastia" }, { "97400", "Saint-Denis" }, { "97200", "Fort-de-France" },
  { "13090", "Aix-en-Provence" }, { "84000", "Avignon" }, { "30000", "Nîmes" }, { "26000", "Valence" },
  { "07200", "Aubenas" }, { "09000", "Foix" }, { "65000", "Tarbes" }, { "66000", "Perpignan" },
  { "11000", "Carcassonne" }, { "60200", "Compiègne" }, { "02100", "Saint-Quentin" },
  { "62000", "Arras" }, { "22000", "Saint-Brieuc" }, { "56000", "Vannes" }, { "29000", "Quimper" },
  { "50100", "Cherbourg-en-Cotentin" }, { "72000", "Le Mans" }, { "53000", "Laval" },
  { "85000", "La Roche-sur-Yon" }, { "79000", "Niort" }, { "16000", "Angoulême" },
  { "23000", "Guéret" }, { "48000", "Mende" }, { "43000", "Le Puy-en-Velay" },
  { "42000", "Saint-Étienne" }, { "71100", "Chalon-sur-Saône" }, { "89000", "Auxerre" },
  { "10000", "Troyes" }, { "52000", "Chaumont" }, { "88000", "Épinal" }, { "68100", "Mulhouse" },
  { "90000", "Belfort" }, { "39000", "Lons-le-Saunier" }, { "01000", "Bourg-en-Bresse" },
  { "05000", "Gap" }, { "04000", "Digne-les-Bains" }, { "83000", "Toulon" }, { "06400", "Cannes" },
  { "28000", "Chartres" }, { "27000", "Évreux" }, { "61000", "Alençon" }, { "41000", "Blois" },
  { "36000", "Châteauroux" }, { "92100", "Boulogne-Billancourt" }, { "93100", "Montreuil" },
  { "94300", "Vincennes" }, { "78000", "Versailles" }, { "95000", "Cergy" }, { "77000", "Melun" },
};

static const char *first_names[] = {
  "Marie", "Jean", "Pierre", "Sophie", "Nathalie", "Isabelle", "Hélène", "Céline", "Léa",
  "Chloé", "Zoé", "Inès", "Noémie", "Anaïs", "Maëlle", "Jérôme", "Stéphane", "Frédéric",
  "Sébastien", "Benoît", "François", "Gaël", "Loïc", "Thierry", "Éric", "Émilie", "Michel",
  "Philippe", "Nicolas", "Julien", "Camille", "Manon", "Lucas", "Hugo", "Théo", "Raphaël",
};

static const char *mail_domains[] = { "example.com", "example.org", "example.net" };

/* Weighted like a chamber of commerce file: mostly very small firms. */
static const struct { const char *code; guint weight; } headcounts[] = {
  { "NN", 25 }, { "00", 10 }, { "01", 25 }, { "02", 15 }, { "03", 10 },
  { "11", 8 }, { "12", 5 }, { "21", 2 },
};

static const struct { const char *text; guint weight; } statuses[] = {
  { "Prospect", 55 }, { "Contacté", 30 }, { "Diagnostiqué", 8 },
  { "Accompagné", 4 }, { "Suivi", 2 }, { "Clos", 1 },
};

static const char *notes[] = {
  "Intéressé par un site vitrine.",
  "Rappeler après les fêtes.",
  "Vu au salon de l'artisanat.",
  "Souhaite un diagnostic numérique.",
  "Pas de site web, page Facebook seulement.",
  "Gérante très réceptive ; relancer en mars.",
  "A déjà un logiciel de caisse, veut la prise de rendez-vous en ligne.",
  "Le fils reprend l'affaire l'an prochain.",
  "Demande des informations sur le chèque numérique.",
  "Dit \"on verra\" ; rappeler après l'été.",
  "Fermé le lundi.",
  "Clientèle surtout touristique, saisonnière.",
};

/* ---- generation ------------------------------------------------------ */

static char
luhn_check_digit (const char *prefix)
{
  gsize len = strlen (prefix);
  guint sum = 0;

  /* The digit to add will be the rightmost: the prefix's last digit is
   * doubled, then every other one. */
  for (gsize i = 0; i < len; i++)
    {
      guint d = prefix[len - 1 - i] - '0';
      if (i % 2 == 0)
        {
          d *= 2;
          if (d > 9)
            d -= 9;
        }
      sum += d;
    }
  return (char) ('0' + (10 - sum % 10) % 10);
}

/* A SIRET from a row number: distinct rows give distinct SIRENs (the map is
 * a bijection of 0 … 9e7-1), both keys pass Luhn. */
static void
make_siret (guint  row,
            Rng   *rng,
            char   siret[15])
{
  static const char *nics[] = { "0001", "0001", "0001", "0002", "0003", "0010", "0015", "0023" };
  guint64 base = 10000000 + ((guint64) row * 73939133 + 4729) % 90000000;
  char siren[10];

  g_snprintf (siren, sizeof siren, "%08" G_GUINT64_FORMAT, base);
  siren[8] = luhn_check_digit (siren);
  siren[9] = '\0';
  g_snprintf (siret, 15, "%s%s", siren, PICK (rng, nics));
  siret[13] = luhn_check_digit (siret);
  siret[14] = '\0';
  g_assert (cn_luhn_is_valid (siren) && cn_luhn_is_valid (siret));
}

static const char *
weighted_headcount (Rng *rng)
{
  guint r = rng_below (rng, 100);

  for (guint i = 0; i < G_N_ELEMENTS (headcounts); i++)
    {
      if (r < headcounts[i].weight)
        return headcounts[i].code;
      r -= headcounts[i].weight;
    }
  return "NN";
}

static const char *
weighted_status (Rng *rng)
{
  guint r = rng_below (rng, 100);

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      if (r < statuses[i].weight)
        return statuses[i].text;
      r -= statuses[i].weight;
    }
  return "Prospect";
}

/* "Boulangerie Lefèvre" -> "boulangerie-lefevre" */
static char *
slug (const char *text)
{
  g_autofree char *ascii = g_str_to_ascii (text, "C");
  GString *s = g_string_new (NULL);

  for (const char *p = ascii; *p; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (s, g_ascii_tolower (*p));
      else if (s->len > 0 && s->str[s->len - 1] != '-')
        g_string_append_c (s, '-');
    }
  while (s->len > 0 && s->str[s->len - 1] == '-')
    g_string_truncate (s, s->len - 1);
  return g_string_free (s, FALSE);
}

/* "de" before a commune, with the French elisions. */
static char *
of_commune (const char *commune)
{
  static const char *vowels[] = { "A", "E", "I", "O", "U", "É", "Â", "Î" };

  if (g_str_has_prefix (commune, "Le "))
    return g_strconcat ("du ", commune + 3, NULL);
  if (g_str_has_prefix (commune, "Les "))
    return g_strconcat ("des ", commune + 4, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (vowels); i++)
    if (g_str_has_prefix (commune, vowels[i]))
      return g_strconcat ("d'", commune, NULL);
  return g_strconcat ("de ", commune, NULL);
}

static void
append_csv_field (GString    *line,
                  const char *value,
                  gboolean    first)
{
  if (!first)
    g_string_append_c (line, ';');
  if (value == NULL)
    return;
  if (strpbrk (value, ";\"\r\n") == NULL)
    {
      g_string_append (line, value);
      return;
    }
  g_string_append_c (line, '"');
  for (const char *p = value; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (line, '"');
      g_string_append_c (line, *p);
    }
  g_string_append_c (line, '"');
}

typedef struct {
  char siret[15];
  guint8 contact_surname; /* index in surnames, or G_MAXUINT8 */
} RowInfo;

/* Writes the file the way French Excel saves "CSV UTF-8": BOM, ";", CRLF. */
static gboolean
generate_csv (const char  *path,
              guint        count,
              RowInfo     *rows,
              GError     **error)
{
  Rng rng = { (guint64) opt_seed };
  GString *csv = g_string_sized_new ((gsize) count * 180);

  g_string_append (csv, "\xEF\xBB\xBF"
                        "Raison sociale;SIRET;Code NAF;Tranche d'effectif;Code postal;Ville;"
                        "Statut;Contact;Email;Notes\r\n");

  for (guint i = 0; i < count; i++)
    {
      const Trade *trade = &PICK (&rng, trades);
      const Commune *commune = &PICK (&rng, communes);
      const char *surname = PICK (&rng, surnames);
      const char *naf = trade->naf ? trade->naf : PICK (&rng, crafts_naf);
      g_autofree char *name = NULL;
      g_autofree char *siret_text = NULL;
      g_autofree char *contact = NULL;
      g_autofree char *email = NULL;
      guint r = rng_below (&rng, 100);

      if (r < 40)
        name = g_strdup_printf ("%s %s", trade->word, surname);
      else if (r < 58)
        name = g_strdup_printf ("%s %s", trade->word, PICK (&rng, places));
      else if (r < 68)
        name = g_strdup_printf ("%s %s %s", trade->word, surname, PICK (&rng, suffixes));
      else if (r < 76)
        name = g_strdup_printf ("%s %s-%s", trade->word, surname, PICK (&rng, surnames));
      else if (r < 88)
        {
          g_autofree char *of = of_commune (commune->commune);
          name = g_strdup_printf ("%s %s", trade->word, of);
        }
      else if (r < 95)
        name = g_strdup_printf ("%s %s", surname, trade->word);
      else
        name = g_strdup_printf ("SARL %s %s", surname, PICK (&rng, surnames));

      make_siret (i, &rng, rows[i].siret);
      /* A fifth typed in groups, as on a Kbis extract. */
      siret_text = rng_below (&rng, 5) == 0 ? cn_siret_format (rows[i].siret)
                                            : g_strdup (rows[i].siret);

      rows[i].contact_surname = G_MAXUINT8;
      if (rng_below (&rng, 10) != 0)
        {
          const char *first = PICK (&rng, first_names);
          guint s = rng_below (&rng, G_N_ELEMENTS (surnames));

          rows[i].contact_surname = s;
          contact = g_strdup_printf ("%s %s", first, surnames[s]);
          if (rng_below (&rng, 20) != 0)
            {
              g_autofree char *local = slug (contact);
              g_autofree char *company_slug = slug (name);

              g_strdelimit (local, "-", '.');
              if (rng_below (&rng, 5) < 2)
                email = g_strdup_printf ("%s@%s.example", local, company_slug);
              else
                email = g_strdup_printf ("%s@%s", local, PICK (&rng, mail_domains));
            }
        }

      append_csv_field (csv, name, TRUE);
      append_csv_field (csv, siret_text, FALSE);
      append_csv_field (csv, naf, FALSE);
      append_csv_field (csv, weighted_headcount (&rng), FALSE);
      append_csv_field (csv, commune->postcode, FALSE);
      append_csv_field (csv, commune->commune, FALSE);
      append_csv_field (csv, weighted_status (&rng), FALSE);
      append_csv_field (csv, contact, FALSE);
      append_csv_field (csv, email, FALSE);
      append_csv_field (csv, rng_below (&rng, 10) < 7 ? PICK (&rng, notes) : NULL, FALSE);
      g_string_append (csv, "\r\n");
    }

  if (!g_file_set_contents_full (path, csv->str, csv->len, G_FILE_SET_CONTENTS_NONE, 0600, error))
    {
      g_string_free (csv, TRUE);
      return FALSE;
    }
  g_string_free (csv, TRUE);
  return TRUE;
}

/* ---- search queries -------------------------------------------------- */

typedef enum {
  Q_TRADE,
  Q_SURNAME,
  Q_COMMUNE,
  Q_CONTACT,
  Q_SIRET,
  Q_TWO_WORDS,
  N_QUERY_KINDS
} QueryKind;

static const char *query_kind_names[N_QUERY_KINDS] = {
  "trade word prefix", "name word prefix", "commune prefix", "contact surname",
  "SIRET prefix", "two word prefixes",
};

/* Share of the queries, in percent. */
static const guint query_kind_share[N_QUERY_KINDS] = { 30, 20, 15, 10, 10, 15 };

typedef struct {
  QueryKind kind;
  char *text;
  double ms;
  guint results;
  gint64 vm_steps;
  gint64 sorts;
} Query;

/* Words of at least 3 letters in @entry ("Salon de coiffure" -> Salon, coiffure). */
static GPtrArray *
words_of (const char *entry)
{
  g_auto(GStrv) parts = g_regex_split_simple ("[ \\-'’&]+", entry, 0, 0);
  GPtrArray *words = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; parts[i]; i++)
    if (g_utf8_strlen (parts[i], -1) >= 3)
      g_ptr_array_add (words, g_strdup (parts[i]));
  return words;
}

static const char *
pick_word (Rng        *rng,
           const char *entry,
           GPtrArray **keep)
{
  GPtrArray *words = words_of (entry);

  if (words->len == 0)
    {
      g_ptr_array_unref (words);
      return entry;
    }
  g_ptr_array_add (*keep, words);
  return g_ptr_array_index (words, rng_below (rng, words->len));
}

/* What a user types for @word: 3 to 8 letters, as written, in lowercase, or
 * in lowercase without the accents (the usual case on a phone or a QWERTY). */
static char *
typed_prefix (Rng        *rng,
              const char *word)
{
  glong len = g_utf8_strlen (word, -1);
  glong n = MIN (len, 3 + (glong) rng_below (rng, 6));
  const char *end = g_utf8_offset_to_pointer (word, n);
  g_autofree char *prefix = g_strndup (word, end - word);
  guint form = rng_below (rng, 100);

  if (form < 25)
    return g_steal_pointer (&prefix);
  if (form < 60)
    return g_utf8_strdown (prefix, -1);
  {
    g_autofree char *ascii = g_str_to_ascii (prefix, "C");
    return g_ascii_strdown (ascii, -1);
  }
}

static Query *
make_queries (guint          n,
              const RowInfo *rows,
              guint          count)
{
  Rng rng = { (guint64) opt_seed ^ G_GUINT64_CONSTANT (0x5EA4C4) };
  Query *queries = g_new0 (Query, n);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  guint i = 0;

  for (QueryKind kind = 0; kind < N_QUERY_KINDS; kind++)
    {
      guint share = kind == N_QUERY_KINDS - 1 ? n - i : n * query_kind_share[kind] / 100;

      for (guint j = 0; j < share && i < n; j++, i++)
        {
          Query *q = &queries[i];

          q->kind = kind;
          switch (kind)
            {
            case Q_TRADE:
              q->text = typed_prefix (&rng, pick_word (&rng, PICK (&rng, trades).word, &keep));
              break;
            case Q_SURNAME:
              q->text = typed_prefix (&rng, pick_word (&rng, PICK (&rng, surnames), &keep));
              break;
            case Q_COMMUNE:
              q->text = typed_prefix (&rng, pick_word (&rng, PICK (&rng, communes).commune, &keep));
              break;
            case Q_CONTACT:
              {
                /* The whole surname of a contact who exists. */
                const RowInfo *row;
                do
                  row = &rows[rng_below (&rng, count)];
                while (row->contact_surname == G_MAXUINT8);
                q->text = rng_below (&rng, 2)
                  ? g_strdup (surnames[row->contact_surname])
                  : g_utf8_strdown (surnames[row->contact_surname], -1);
              }
              break;
            case Q_SIRET:
              {
                const char *siret = rows[rng_below (&rng, count)].siret;
                guint len = 5 + rng_below (&rng, 5);

                /* Half of them typed in groups of three: "418 166 0". */
                if (rng_below (&rng, 2))
                  {
                    GString *s = g_string_new (NULL);
                    for (guint k = 0; k < len; k++)
                      {
                        if (k > 0 && k % 3 == 0)
                          g_string_append_c (s, ' ');
                        g_string_append_c (s, siret[k]);
                      }
                    q->text = g_string_free (s, FALSE);
                  }
                else
                  q->text = g_strndup (siret, len);
              }
              break;
            case Q_TWO_WORDS:
              {
                g_autofree char *a = typed_prefix (&rng, pick_word (&rng, PICK (&rng, trades).word, &keep));
                g_autofree char *b = rng_below (&rng, 2)
                  ? typed_prefix (&rng, pick_word (&rng, PICK (&rng, surnames), &keep))
                  : typed_prefix (&rng, pick_word (&rng, PICK (&rng, communes).commune, &keep));
                q->text = g_strdup_printf ("%s %s", a, b);
              }
              break;
            default:
              g_assert_not_reached ();
            }
        }
    }

  /* Interleave the kinds, as a session would. */
  for (guint k = n - 1; k > 0; k--)
    {
      guint m = rng_below (&rng, k + 1);
      Query tmp = queries[k];
      queries[k] = queries[m];
      queries[m] = tmp;
    }
  return queries;
}

/* ---- SQLite counters for --explain ---------------------------------- */

static gboolean
is_list_statement (sqlite3_stmt *stmt)
{
  const char *sql = sqlite3_sql (stmt);
  return sql && g_str_has_prefix (sql, "SELECT num FROM companies WHERE 1");
}

static void
read_list_counters (CnStore *store,
                    gint64  *vm_steps,
                    gint64  *sorts)
{
  sqlite3 *db = cn_store_get_db (store);

  *vm_steps = *sorts = 0;
  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s; s = sqlite3_next_stmt (db, s))
    if (is_list_statement (s))
      {
        *vm_steps += sqlite3_stmt_status (s, SQLITE_STMTSTATUS_VM_STEP, TRUE);
        *sorts += sqlite3_stmt_status (s, SQLITE_STMTSTATUS_SORT, TRUE);
      }
}

static void
explain_list_statements (CnStore *store)
{
  sqlite3 *db = cn_store_get_db (store);

  out ("\nQuery plans of the list statements the store prepared:\n");
  for (sqlite3_stmt *s = sqlite3_next_stmt (db, NULL); s; s = sqlite3_next_stmt (db, s))
    {
      g_autofree char *sql = NULL;
      sqlite3_stmt *plan = NULL;

      if (!is_list_statement (s))
        continue;
      out ("  %s\n", sqlite3_sql (s));
      sql = g_strconcat ("EXPLAIN QUERY PLAN ", sqlite3_sql (s), NULL);
      if (sqlite3_prepare_v2 (db, sql, -1, &plan, NULL) != SQLITE_OK)
        {
          out ("    (cannot explain: %s)\n", sqlite3_errmsg (db));
          continue;
        }
      while (sqlite3_step (plan) == SQLITE_ROW)
        out ("    %*s%s\n", 2 * (sqlite3_column_int (plan, 1) != 0), "",
             (const char *) sqlite3_column_text (plan, 3));
      sqlite3_finalize (plan);
    }
}

/* ---- SQL time of an import, for --profile-sql ----------------------- */

typedef struct {
  char *sql;
  gint64 ns;
  guint calls;
  gboolean nested;
} SqlCost;

static GHashTable *sql_costs;  /* "0"/"1" + SQL text -> SqlCost */
static GPtrArray *sql_running; /* statements started and not finished, outermost first */

static void
sql_cost_free (SqlCost *cost)
{
  g_free (cost->sql);
  g_free (cost);
}

/* A statement run by another one (FTS5 runs its own statements on its
 * shadow tables) is "nested": its time is already in the outer one. */
static int
on_sql_trace (unsigned  type,
              void     *user_data,
              void     *p,
              void     *x)
{
  const char *sql = sqlite3_sql (p);
  g_autofree char *key = NULL;
  gboolean nested;
  guint index;
  SqlCost *cost;

  if (type == SQLITE_TRACE_STMT)
    {
      if (!g_ptr_array_find (sql_running, p, NULL))
        g_ptr_array_add (sql_running, p);
      return 0;
    }
  if (type != SQLITE_TRACE_PROFILE || sql == NULL)
    return 0;

  if (g_ptr_array_find (sql_running, p, &index))
    {
      nested = index > 0;
      g_ptr_array_set_size (sql_running, index);
    }
  else
    nested = sql_running->len > 0;

  key = g_strconcat (nested ? "1" : "0", sql, NULL);
  cost = g_hash_table_lookup (sql_costs, key);
  if (cost == NULL)
    {
      cost = g_new0 (SqlCost, 1);
      cost->sql = g_steal_pointer (&key);
      cost->nested = nested;
      g_hash_table_insert (sql_costs, cost->sql, cost);
    }
  cost->ns += *(sqlite3_int64 *) x;
  cost->calls++;
  return 0;
}

static void
start_sql_profile (CnStore *store)
{
  sql_costs = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) sql_cost_free);
  sql_running = g_ptr_array_new ();
  sqlite3_trace_v2 (cn_store_get_db (store), SQLITE_TRACE_STMT | SQLITE_TRACE_PROFILE,
                    on_sql_trace, NULL);
}

static int
compare_cost (gconstpointer a,
              gconstpointer b)
{
  const SqlCost *x = *(SqlCost * const *) a, *y = *(SqlCost * const *) b;
  return x->ns < y->ns ? 1 : x->ns > y->ns ? -1 : 0;
}

static void
print_costs (GPtrArray *costs,
             gboolean   nested,
             guint      max,
             gint64     total,
             guint      rows)
{
  guint shown = 0;

  for (guint i = 0; i < costs->len && shown < max; i++)
    {
      SqlCost *c = g_ptr_array_index (costs, i);
      const char *sql = c->sql + 1;
      g_autofree char *start = g_strndup (sql, 100);

      if (c->nested != nested)
        continue;
      out ("    %s%6.2f s %5.1f%% %7u calls %6.1f µs/row  %s%s\n", nested ? "(in) " : "",
           c->ns / 1e9, 100.0 * c->ns / total, c->calls, c->ns / 1e3 / rows,
           start, strlen (sql) > 100 ? "…" : "");
      shown++;
    }
}

static void
stop_sql_profile (CnStore *store,
                  double   wall_seconds,
                  guint    rows)
{
  g_autoptr(GPtrArray) costs = g_ptr_array_new ();
  g_autoptr(GList) values = g_hash_table_get_values (sql_costs);
  gint64 total = 0;

  sqlite3_trace_v2 (cn_store_get_db (store), 0, NULL, NULL);
  for (GList *l = values; l; l = l->next)
    {
      SqlCost *c = l->data;
      g_ptr_array_add (costs, c);
      if (!c->nested)
        total += c->ns;
    }
  g_ptr_array_sort (costs, compare_cost);

  out ("  SQL time:          %.2f s of %.2f s (%.0f%%); the rest is parsing, validation and objects\n",
       total / 1e9, wall_seconds, 100.0 * total / 1e9 / wall_seconds);
  print_costs (costs, FALSE, 12, total, rows);
  out ("    of which, run by FTS5 and triggers inside the statements above:\n");
  print_costs (costs, TRUE, 6, total, rows);
  g_clear_pointer (&sql_costs, g_hash_table_unref);
  g_clear_pointer (&sql_running, g_ptr_array_unref);
}

/* ---- machine --------------------------------------------------------- */

static char *
cpu_model (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/cpuinfo", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    if (g_str_has_prefix (lines[i], "model name") && strchr (lines[i], ':'))
      return g_strstrip (g_strdup (strchr (lines[i], ':') + 1));
  return g_strdup ("unknown");
}

/* A "Key:   1234 kB" line of a /proc file, in kB, or -1. */
static gint64
proc_kb (const char *path,
         const char *key)
{
  g_autofree char *text = NULL;
  const char *line;
  gsize key_len = strlen (key);

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return -1;
  for (line = text; line && *line; line = strchr (line, '\n') ? strchr (line, '\n') + 1 : NULL)
    if (strncmp (line, key, key_len) == 0 && line[key_len] == ':')
      return g_ascii_strtoll (line + key_len + 1, NULL, 10);
  return -1;
}

/* The type of the file system holding @dir, from the longest mount point
 * that contains it. */
static char *
filesystem_of (const char *dir)
{
  g_autofree char *text = NULL;
  g_autofree char *real = realpath (dir, NULL);
  g_auto(GStrv) lines = NULL;
  char *best = NULL;
  gsize best_len = 0;

  if (real == NULL || !g_file_get_contents ("/proc/self/mounts", &text, NULL, NULL))
    return g_strdup ("unknown");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      g_auto(GStrv) f = g_strsplit (lines[i], " ", 4);
      gsize len;

      if (g_strv_length (f) < 3)
        continue;
      len = strlen (f[1]);
      if ((g_str_equal (f[1], "/") || (g_str_has_prefix (real, f[1]) &&
                                       (real[len] == '/' || real[len] == '\0'))) &&
          len >= best_len)
        {
          g_free (best);
          best = g_strdup (f[2]);
          best_len = len;
        }
    }
  return best ? best : g_strdup ("unknown");
}

static void
print_machine (const char *work_dir)
{
  g_autofree char *cpu = cpu_model ();
  g_autofree char *fs = filesystem_of (work_dir);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *date = g_date_time_format (now, "%Y-%m-%d %H:%M");
  struct utsname uts;
  gint64 mem_kb = proc_kb ("/proc/meminfo", "MemTotal");

  uname (&uts);
  out ("Connecteur portfolio benchmark (benchmarks/bench-portfolio)\n");
  out ("  date:              %s\n", date);
  out ("  machine:           %u CPUs (nproc), %s, %.1f GiB RAM, Linux %s\n",
       g_get_num_processors (), cpu, mem_kb / (1024.0 * 1024.0), uts.release);
  out ("  software:          Connecteur %s (%s build), SQLite %s, GLib %u.%u.%u\n",
       PACKAGE_VERSION, BENCH_BUILDTYPE, sqlite3_libversion (),
       glib_major_version, glib_minor_version, glib_micro_version);
  out ("  work folder:       %s (%s)\n", work_dir, fs);
  out ("  N:                 %d companies, seed %" G_GINT64_FORMAT "\n", opt_count, opt_seed);
}

/* ---- the app --------------------------------------------------------- */

static char *app_log_path;

static void
redirect_output (gpointer user_data)
{
  int fd = open (app_log_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

  if (fd >= 0)
    {
      dup2 (fd, 1);
      dup2 (fd, 2);
    }
}

/* Ids of the top-level windows whose name contains "Connecteur". */
static GPtrArray *
connecteur_windows (void)
{
  const char *argv[] = { "xwininfo", "-root", "-tree", NULL };
  g_autofree char *stdout_text = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &stdout_text, NULL, &status, NULL))
    return ids;
  lines = g_strsplit (stdout_text, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strchug (lines[i]);
      const char *quote = strchr (line, '"');
      const char *end = quote ? strchr (quote + 1, '"') : NULL;

      if (!g_str_has_prefix (line, "0x") || end == NULL)
        continue;
      if (g_strstr_len (quote, end - quote, "Connecteur"))
        g_ptr_array_add (ids, g_strndup (line, strcspn (line, " ")));
    }
  return ids;
}

static gboolean
window_is_viewable (const char *id)
{
  const char *argv[] = { "xwininfo", "-id", id, NULL };
  g_autofree char *stdout_text = NULL;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                     NULL, NULL, &stdout_text, NULL, &status, NULL))
    return FALSE;
  return strstr (stdout_text, "Map State: IsViewable") != NULL;
}

static gboolean
str_in (GPtrArray  *array,
        const char *s)
{
  for (guint i = 0; i < array->len; i++)
    if (g_str_equal (g_ptr_array_index (array, i), s))
      return TRUE;
  return FALSE;
}

/* utime + stime of @pid in seconds, from /proc/PID/stat. */
static double
cpu_seconds (GPid pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) f = NULL;
  const char *after;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (after = strrchr (text, ')')) == NULL)
    return -1;
  f = g_strsplit (after + 2, " ", -1);
  /* Fields from state (3) on: utime is 14, stime is 15. */
  if (g_strv_length (f) < 13)
    return -1;
  return (g_ascii_strtoull (f[11], NULL, 10) + g_ascii_strtoull (f[12], NULL, 10)) /
         (double) sysconf (_SC_CLK_TCK);
}

static void
print_log_tail (void)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  guint n;

  if (!g_file_get_contents (app_log_path, &text, NULL, NULL) || *text == '\0')
    return;
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  out ("  app output (last lines):\n");
  for (guint i = n > 10 ? n - 10 : 0; i < n; i++)
    if (*lines[i])
      out ("    | %s\n", lines[i]);
}

static void
stop_app (GPid pid)
{
  int status;

  kill (pid, SIGTERM);
  for (int i = 0; i < 200; i++)
    {
      if (waitpid (pid, &status, WNOHANG) == pid)
        return;
      g_usleep (10000);
    }
  kill (pid, SIGKILL);
  waitpid (pid, &status, 0);
}

/* One launch: seconds from spawn to the window mapped, or -1.  With
 * @sample, also the memory and CPU time at 3 s. */
static double
launch_once (const char  *app,
             char       **envp,
             gboolean     sample,
             gint64      *rss,
             gint64      *hwm,
             double      *cpu)
{
  g_autoptr(GPtrArray) before = connecteur_windows ();
  g_autoptr(GError) error = NULL;
  const char *argv[] = { app, NULL };
  gint64 start, mapped_at = -1;
  gboolean sampled = !sample;
  GPid pid;

  start = g_get_monotonic_time ();
  if (!g_spawn_async (NULL, (char **) argv, envp, G_SPAWN_DO_NOT_REAP_CHILD,
                      redirect_output, NULL, &pid, &error))
    {
      out ("  failed:            %s\n", error->message);
      return -1;
    }

  while (seconds_since (start) < opt_app_timeout)
    {
      int status;

      if (waitpid (pid, &status, WNOHANG) == pid)
        {
          out ("  failed:            the app exited (%s %d) before its window was shown\n",
               WIFEXITED (status) ? "status" : "signal",
               WIFEXITED (status) ? WEXITSTATUS (status) : WTERMSIG (status));
          print_log_tail ();
          return -1;
        }

      if (mapped_at < 0)
        {
          g_autoptr(GPtrArray) now = connecteur_windows ();
          for (guint i = 0; i < now->len && mapped_at < 0; i++)
            {
              const char *id = g_ptr_array_index (now, i);
              if (!str_in (before, id) && window_is_viewable (id))
                mapped_at = g_get_monotonic_time ();
            }
        }

      if (!sampled && seconds_since (start) >= 3.0)
        {
          g_autofree char *status_path = g_strdup_printf ("/proc/%d/status", pid);
          *rss = proc_kb (status_path, "VmRSS");
          *hwm = proc_kb (status_path, "VmHWM");
          *cpu = cpu_seconds (pid);
          sampled = TRUE;
        }

      if (mapped_at >= 0 && sampled)
        break;
      g_usleep (mapped_at < 0 ? 5000 : 20000);
    }
  stop_app (pid);
  if (mapped_at < 0)
    {
      out ("  window mapped:     not within %d s (goal < %.0f s: MISSED)\n", opt_app_timeout, GOAL_WINDOW_S);
      print_log_tail ();
      return -1;
    }
  return (mapped_at - start) / 1e6;
}

static void
run_app (const char *app,
         const char *data_dir)
{
  g_autofree char *schema_dir = opt_schema_dir ? g_strdup (opt_schema_dir)
                                               : g_build_filename (BENCH_BUILD_ROOT, "data", NULL);
  g_autofree char *schemas = g_build_filename (schema_dir, "gschemas.compiled", NULL);
  g_autofree char *xwininfo = g_find_program_in_path ("xwininfo");
  g_auto(GStrv) envp = g_get_environ ();
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 rss = -1, hwm = -1;
  double cpu = -1, median;

  out ("\nApp launch (%s)\n", app);
  if (!g_file_test (app, G_FILE_TEST_IS_EXECUTABLE))
    {
      out ("  skipped:           %s does not exist yet\n", app);
      return;
    }
  if (g_getenv ("DISPLAY") == NULL || *g_getenv ("DISPLAY") == '\0')
    {
      out ("  skipped:           no DISPLAY (run-portfolio-bench.sh runs it under xvfb-run -a)\n");
      return;
    }
  if (xwininfo == NULL)
    {
      out ("  skipped:           xwininfo not found (Debian package x11-utils)\n");
      return;
    }
  if (!g_file_test (schemas, G_FILE_TEST_EXISTS))
    out ("  note:              no compiled schemas in %s (use --schema-dir)\n", schema_dir);

  envp = g_environ_setenv (envp, "CONNECTEUR_DATA_DIR", data_dir, TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_BACKEND", "memory", TRUE);
  envp = g_environ_setenv (envp, "GSETTINGS_SCHEMA_DIR", schema_dir, TRUE);
  /* xwininfo only sees X11 windows. */
  envp = g_environ_setenv (envp, "GDK_BACKEND", "x11", TRUE);
  app_log_path = g_build_filename (data_dir, "app.log", NULL);

  /* The import and the copies above leave a few hundred MiB to write
   * back: a user does not start the app in the middle of that. */
  sync ();
  g_usleep (G_USEC_PER_SEC);

  /* One launch is at the mercy of the machine's noise: several, and the
   * median.  The first also gives the memory once settled. */
  for (int i = 0; i < MAX (opt_app_runs, 1); i++)
    {
      double s = launch_once (app, envp, i == 0, &rss, &hwm, &cpu);

      if (s < 0)
        return;
      g_array_append_val (times, s);
    }
  g_array_sort (times, compare_double);
  median = g_array_index (times, double, times->len / 2);
  out ("  window mapped:     %.3f s after spawn, median of %u (%.3f to %.3f s) (goal < %.0f s: %s)\n",
       median, times->len, g_array_index (times, double, 0), g_array_index (times, double, times->len - 1),
       GOAL_WINDOW_S, goal (median < GOAL_WINDOW_S));
  out ("                     (the X server's map, seen by xwininfo)\n");
  if (rss >= 0)
    {
      out ("  memory at 3 s:     VmRSS %.1f MiB, VmHWM %.1f MiB\n", rss / 1024.0, hwm / 1024.0);
      out ("  CPU used by 3 s:   %.2f s\n", cpu);
    }
}

/* ---- the run --------------------------------------------------------- */

typedef struct {
  guint count;
  gint64 start;
  gint64 marks[11]; /* time when each tenth of the rows was done */
} ImportClock;

static gboolean
on_import_progress (guint    rows_done,
                    gpointer user_data)
{
  ImportClock *clock = user_data;

  for (guint t = 1; t <= 10; t++)
    if (clock->marks[t] == 0 && rows_done >= clock->count * t / 10)
      clock->marks[t] = g_get_monotonic_time ();
  return TRUE;
}

static CnImportReport *
timed_import (CnStore     *store,
              const char  *csv_path,
              ImportClock *clock,
              double      *seconds,
              double      *cpu)
{
  g_autoptr(GError) error = NULL;
  CnImportReport *report;
  double cpu_start = cpu_now ();

  memset (clock->marks, 0, sizeof clock->marks);
  clock->start = clock->marks[0] = g_get_monotonic_time ();
  report = cn_csv_import_file (store, csv_path, on_import_progress, clock, &error);
  *seconds = seconds_since (clock->start);
  *cpu = cpu_now () - cpu_start;
  if (clock->marks[10] == 0)
    clock->marks[10] = g_get_monotonic_time ();
  if (report == NULL)
    g_error ("The import failed: %s", error->message);
  return report;
}

static void
print_tenths (ImportClock *clock)
{
  GString *line = g_string_new (NULL);

  for (guint t = 1; t <= 10; t++)
    {
      double s = clock->marks[t] && clock->marks[t - 1]
                 ? (clock->marks[t] - clock->marks[t - 1]) / 1e6 : 0;
      if (s > 0)
        g_string_append_printf (line, "%s%.0f", t > 1 ? " " : "", clock->count / 10.0 / s);
      else
        g_string_append_printf (line, "%s-", t > 1 ? " " : "");
    }
  out ("  rows/s by tenth:   %s\n", line->str);
  g_string_free (line, TRUE);
}

static void
print_problems (CnImportReport *report)
{
  for (guint i = 0; i < report->problems->len && i < 5; i++)
    {
      CnImportProblem *p = g_ptr_array_index (report->problems, i);
      out ("    problem:         %s\n", p->message);
    }
}

static gint64
count_rows (CnStore    *store,
            const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  sqlite3_stmt *stmt = NULL;
  gint64 n = -1;

  if (sqlite3_prepare_v2 (cn_store_get_db (store), sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static void
time_full_list (CnStore       *store,
                CnCompanySort  sort,
                const char    *label,
                GArray       **rows_out)
{
  double ms[5];
  GArray *rows = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
      g_autoptr(GError) error = NULL;
      gint64 t0;

      filter.sort = sort;
      g_clear_pointer (&rows, g_array_unref);
      t0 = g_get_monotonic_time ();
      rows = cn_store_find_companies (store, &filter, &error);
      ms[i] = (g_get_monotonic_time () - t0) / 1e3;
      if (rows == NULL)
        g_error ("Listing failed: %s", error->message);
    }
  {
    double first = ms[0];
    qsort (ms, G_N_ELEMENTS (ms), sizeof (double), compare_double);
    out ("  full list %-8s %.1f ms median of 5 (first %.1f ms), %u rows\n",
         label, ms[2], first, rows->len);
  }
  if (rows_out)
    *rows_out = rows;
  else
    g_array_unref (rows);
}

static void
time_row_loads (CnStore    *store,
                GArray     *all,
                gboolean    random,
                guint       n)
{
  Rng rng = { (guint64) opt_seed + 7 };
  double *us = g_new (double, n);
  double total = 0;
  guint offset = all->len > n ? all->len / 2 - n / 2 : 0;

  n = MIN (n, all->len);
  for (guint i = 0; i < n; i++)
    {
      gint64 rowid = g_array_index (all, gint64, random ? rng_below (&rng, all->len) : offset + i);
      g_autoptr(GError) error = NULL;
      g_autoptr(CnCompany) company = NULL;
      gint64 t0 = g_get_monotonic_time ();

      company = cn_store_get_company_by_rowid (store, rowid, &error);
      us[i] = (double) (g_get_monotonic_time () - t0);
      if (company == NULL)
        g_error ("Loading row %" G_GINT64_FORMAT " failed: %s", rowid, error->message);
      total += us[i];
    }
  qsort (us, n, sizeof (double), compare_double);
  out ("  row loads (%s): %.1f µs/row mean, p95 %.1f µs, max %.1f µs (cn_store_get_company_by_rowid, %u rows)\n",
       random ? "random" : "in order", total / n, percentile (us, n, 95), us[n - 1], n);
  g_free (us);
}

static void
print_stats (const char *label,
             Query      *queries,
             guint       n,
             int         kind)
{
  double *ms = g_new (double, n);
  double results = 0, vm = 0;
  guint m = 0;

  for (guint i = 0; i < n; i++)
    if (kind < 0 || (int) queries[i].kind == kind)
      {
        ms[m++] = queries[i].ms;
        results += queries[i].results;
        vm += queries[i].vm_steps;
      }
  if (m == 0)
    {
      g_free (ms);
      return;
    }
  qsort (ms, m, sizeof (double), compare_double);
  if (kind < 0)
    {
      out ("  %u queries:       median %.2f ms, p95 %.2f ms, max %.2f ms (goal p95 < %.0f ms: %s)\n",
           m, percentile (ms, m, 50), percentile (ms, m, 95), ms[m - 1],
           GOAL_SEARCH_P95_MS, goal (percentile (ms, m, 95) < GOAL_SEARCH_P95_MS));
      out ("  results:           %.0f companies per query on average\n", results / m);
    }
  else
    {
      out ("    %-18s %3u queries, median %6.2f ms, p95 %6.2f ms, max %6.2f ms, %6.0f results",
           label, m, percentile (ms, m, 50), percentile (ms, m, 95), ms[m - 1], results / m);
      if (opt_explain)
        out (", %.0f VM steps", vm / m);
      out ("\n");
    }
  g_free (ms);
}

static int
compare_query_ms (gconstpointer a,
                  gconstpointer b)
{
  const Query *x = a, *y = b;
  return x->ms < y->ms ? 1 : x->ms > y->ms ? -1 : 0;
}

static void
time_searches (CnStore       *store,
               const RowInfo *rows,
               guint          count)
{
  guint n = (guint) opt_queries;
  Query *queries = make_queries (n, rows, count);
  Query *by_time;
  gint64 dummy_vm, dummy_sorts;

  out ("\nSearch (cn_store_find_companies, typed text, sorted by name)\n");
  if (opt_explain)
    read_list_counters (store, &dummy_vm, &dummy_sorts);

  for (guint i = 0; i < n; i++)
    {
      CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
      g_autoptr(GError) error = NULL;
      g_autoptr(GArray) found = NULL;
      gint64 t0;

      filter.search = queries[i].text;
      t0 = g_get_monotonic_time ();
      found = cn_store_find_companies (store, &filter, &error);
      queries[i].ms = (g_get_monotonic_time () - t0) / 1e3;
      if (found == NULL)
        g_error ("Search “%s” failed: %s", queries[i].text, error->message);
      queries[i].results = found->len;
      if (opt_explain)
        read_list_counters (store, &queries[i].vm_steps, &queries[i].sorts);
    }

  print_stats (NULL, queries, n, -1);
  out ("  by kind of query:\n");
  for (int k = 0; k < N_QUERY_KINDS; k++)
    print_stats (query_kind_names[k], queries, n, k);

  by_time = g_memdup2 (queries, sizeof (Query) * n);
  qsort (by_time, n, sizeof (Query), compare_query_ms);
  out ("  slowest:          ");
  for (guint i = 0; i < MIN (n, 5); i++)
    out (" “%s” %.1f ms (%u)%s", by_time[i].text, by_time[i].ms, by_time[i].results,
         i + 1 < MIN (n, 5) ? "," : "\n");
  g_free (by_time);

  if (opt_explain)
    explain_list_statements (store);

  for (guint i = 0; i < n; i++)
    g_free (queries[i].text);
  g_free (queries);
}

/* What the window needs before it can show the portfolio, on a fresh
 * connection: open, the ordered ids, the sidebar counts, one screen of rows. */
static void
time_launch_path (const char *data_dir,
                  GArray    **ids_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(GArray) ids = NULL;
  g_auto(GStrv) departments = NULL;
  CnCompanyFilter filter = CN_COMPANY_FILTER_INIT;
  guint counts[CN_COMPANY_N_STATUSES];
  gint64 t0 = g_get_monotonic_time (), t_open, t_list, t_counts;

  store = cn_store_open (data_dir, &error);
  if (store == NULL)
    g_error ("Opening the store failed: %s", error->message);
  t_open = g_get_monotonic_time ();
  ids = cn_store_find_companies (store, &filter, &error);
  if (ids == NULL)
    g_error ("Listing failed: %s", error->message);
  t_list = g_get_monotonic_time ();
  if (cn_store_count_companies (store, &error) < 0 ||
      !cn_store_count_by_status (store, counts, &error) ||
      (departments = cn_store_list_departments (store, &error)) == NULL)
    g_error ("Counting failed: %s", error->message);
  t_counts = g_get_monotonic_time ();
  for (guint i = 0; i < MIN (ids->len, 40); i++)
    {
      g_autoptr(CnCompany) company = cn_store_get_company_by_rowid (store, g_array_index (ids, gint64, i), &error);
      if (company == NULL)
        g_error ("Loading failed: %s", error->message);
    }

  out ("  launch path (core): %.1f ms = open %.1f + list %.1f + counts and departments %.1f + 40 rows %.1f\n",
       (g_get_monotonic_time () - t0) / 1e3, (t_open - t0) / 1e3, (t_list - t_open) / 1e3,
       (t_counts - t_list) / 1e3, (g_get_monotonic_time () - t_counts) / 1e3);
  if (ids_out)
    *ids_out = g_steal_pointer (&ids);
}

static void
remove_work_dir (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;

  if (d == NULL)
    return;
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* What SQLite alone needs to write the imported portfolio: its rows copied
 * by INSERT … SELECT from the imported file into a new, empty store of the
 * same schema, in transactions of the importer's size, with the importer's
 * settings.  No parsing, validation, objects or binding, and no trigger:
 * a floor for any import that keeps this schema.  Run twice, with and
 * without the search index, to show its share. */
static double
copy_portfolio_with_sqlite (const char *work_dir,
                            const char *db_path,
                            gboolean    with_search_index)
{
  static const char *const per_batch[] = {
    "INSERT INTO companies SELECT * FROM src.companies WHERE num BETWEEN ?1 AND ?2",
    "INSERT INTO contacts SELECT * FROM src.contacts WHERE company_id IN"
    " (SELECT id FROM src.companies WHERE num BETWEEN ?1 AND ?2)",
    "INSERT INTO events SELECT * FROM src.events WHERE company_id IN"
    " (SELECT id FROM src.companies WHERE num BETWEEN ?1 AND ?2)",
    "INSERT INTO outbox SELECT * FROM src.outbox WHERE entity_id IN"
    " (SELECT id FROM src.companies WHERE num BETWEEN ?1 AND ?2)",
    /* The index's own copy of the text, as the import's flush computed it. */
    "INSERT INTO company_fts (rowid, name, commune, naf_label, contacts, notes, tags, identifiers)"
    " SELECT rowid, c0, c1, c2, c3, c4, c5, c6 FROM src.company_fts_content WHERE rowid BETWEEN ?1 AND ?2",
  };
  g_autofree char *dir = g_build_filename (work_dir, "sqlite-floor", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(CnStore) empty = NULL;
  g_autofree char *path = NULL;
  g_autofree char *attach = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 max_num, t0;
  double seconds;

  /* The schema, exactly as the app creates it. */
  empty = cn_store_open (dir, &error);
  if (empty == NULL)
    g_error ("Opening a second store failed: %s", error->message);
  g_clear_object (&empty);

  path = g_build_filename (dir, CN_STORE_FILE_NAME, NULL);
  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    g_error ("Opening %s failed: %s", path, sqlite3_errmsg (db));
  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'trigger'", -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (triggers, g_strdup_printf ("DROP TRIGGER \"%s\"", sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  for (guint i = 0; i < triggers->len; i++)
    sqlite3_exec (db, g_ptr_array_index (triggers, i), NULL, NULL, NULL);

  attach = sqlite3_mprintf ("ATTACH %Q AS src", db_path);
  if (sqlite3_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA cache_size = -65536", NULL, NULL, NULL) != SQLITE_OK ||
      sqlite3_exec (db, attach, NULL, NULL, NULL) != SQLITE_OK)
    g_error ("Preparing %s failed: %s", path, sqlite3_errmsg (db));
  sqlite3_free (g_steal_pointer (&attach));
  sqlite3_prepare_v2 (db, "SELECT max(num) FROM src.companies", -1, &stmt, NULL);
  sqlite3_step (stmt);
  max_num = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  t0 = g_get_monotonic_time ();
  for (gint64 first = 1; first <= max_num; first += FLOOR_BATCH_ROWS)
    {
      sqlite3_exec (db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
      for (guint i = 0; i < G_N_ELEMENTS (per_batch); i++)
        {
          if (!with_search_index && g_str_has_prefix (per_batch[i], "INSERT INTO company_fts"))
            continue;
          if (sqlite3_prepare_v2 (db, per_batch[i], -1, &stmt, NULL) != SQLITE_OK)
            g_error ("%s: %s", per_batch[i], sqlite3_errmsg (db));
          sqlite3_bind_int64 (stmt, 1, first);
          sqlite3_bind_int64 (stmt, 2, first + FLOOR_BATCH_ROWS - 1);
          if (sqlite3_step (stmt) != SQLITE_DONE)
            g_error ("%s: %s", per_batch[i], sqlite3_errmsg (db));
          sqlite3_finalize (stmt);
        }
      if (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        g_error ("COMMIT: %s", sqlite3_errmsg (db));
    }
  seconds = seconds_since (t0);

  /* A floor that copied less would prove nothing. */
  sqlite3_prepare_v2 (db, "SELECT (SELECT count(*) FROM companies) = (SELECT count(*) FROM src.companies)"
                      " AND (SELECT count(*) FROM contacts) = (SELECT count(*) FROM src.contacts)"
                      " AND (SELECT count(*) FROM outbox) = (SELECT count(*) FROM src.outbox)", -1, &stmt, NULL);
  if (sqlite3_step (stmt) != SQLITE_ROW || sqlite3_column_int (stmt, 0) != 1)
    g_error ("The copy of %s is not complete", db_path);
  sqlite3_finalize (stmt);

  sqlite3_close (db);
  remove_work_dir (dir);
  return seconds;
}

static void
time_sqlite_floor (const char *work_dir,
                   const char *db_path,
                   double      import_seconds)
{
  double all = copy_portfolio_with_sqlite (work_dir, db_path, TRUE);
  double without_index = copy_portfolio_with_sqlite (work_dir, db_path, FALSE);

  out ("\nSQLite alone (the imported rows copied into an empty store of the same schema)\n");
  out ("  time:              %.2f s, %.0f%% of the import (%.2f s without the search index)\n",
       all, 100.0 * all / import_seconds, without_index);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(CnStore) store = NULL;
  g_autoptr(CnImportReport) report = NULL;
  g_autoptr(GArray) all = NULL;
  g_autofree char *work_dir = NULL;
  g_autofree char *parent = NULL;
  g_autofree char *template = NULL;
  g_autofree char *csv_path = NULL;
  g_autofree char *db_path = NULL;
  g_autofree char *wal_path = NULL;
  g_autofree char *csv_size = NULL;
  g_autofree char *db_size = NULL;
  g_autofree char *wal_size = NULL;
  RowInfo *rows;
  ImportClock clock = { 0 };
  double seconds, cpu, import_seconds;
  gint64 t0;

  /* Numbers in the report are the same whatever the user's locale. */
  setlocale (LC_ALL, "");
  setlocale (LC_NUMERIC, "C");

  context = g_option_context_new ("- time import, search and launch on a large portfolio");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("bench-portfolio: %s\n", error->message);
      return 2;
    }
  if (opt_count < 1 || opt_count > 90000000 || opt_queries < 1)
    {
      g_printerr ("bench-portfolio: --count must be 1 … 90000000 and --queries at least 1\n");
      return 2;
    }

  parent = opt_dir ? g_strdup (opt_dir) : g_strdup (g_get_tmp_dir ());
  template = g_build_filename (parent, "connecteur-bench-XXXXXX", NULL);
  work_dir = g_mkdtemp (g_strdup (template));
  if (work_dir == NULL)
    {
      g_printerr ("bench-portfolio: cannot create a folder in %s: %s\n", parent, g_strerror (errno));
      return 1;
    }
  csv_path = g_build_filename (work_dir, "portfolio.csv", NULL);
  db_path = g_build_filename (work_dir, CN_STORE_FILE_NAME, NULL);
  wal_path = g_strconcat (db_path, "-wal", NULL);

  print_machine (work_dir);

  /* 1. The spreadsheet. */
  rows = g_new0 (RowInfo, opt_count);
  t0 = g_get_monotonic_time ();
  if (!generate_csv (csv_path, opt_count, rows, &error))
    g_error ("Writing %s failed: %s", csv_path, error->message);
  csv_size = format_size (file_size (csv_path));
  out ("  CSV:               %s, %d rows + header, \";\", UTF-8 with BOM (generated in %.2f s)\n",
       csv_size, opt_count, seconds_since (t0));

  /* 2. Import into a new store. */
  store = cn_store_open (work_dir, &error);
  if (store == NULL)
    g_error ("Opening the store failed: %s", error->message);

  out ("\nImport (cn_csv_import_file into an empty store)\n");
  clock.count = opt_count;
  if (opt_profile_sql)
    start_sql_profile (store);
  report = timed_import (store, csv_path, &clock, &seconds, &cpu);
  import_seconds = seconds;
  out ("  time:              %.2f s, CPU %.2f s (goal < %.0f s for 100 000: %s)\n", seconds, cpu,
       GOAL_IMPORT_S, opt_count == 100000 ? goal (seconds < GOAL_IMPORT_S) : "n/a, other N");
  out ("  rate:              %.0f rows/s (%.1f µs/row)\n", opt_count / seconds, seconds * 1e6 / opt_count);
  print_tenths (&clock);
  out ("  report:            %u added, %u updated, %u unchanged, %u skipped, %u problems\n",
       report->added, report->updated, report->unchanged, report->skipped, report->problems->len);
  print_problems (report);
  if (opt_profile_sql)
    stop_sql_profile (store, seconds, opt_count);
  db_size = format_size (file_size (db_path));
  wal_size = format_size (file_size (wal_path));
  out ("  database:          %s (+ WAL %s), %.0f bytes/company\n", db_size, wal_size,
       (double) (file_size (db_path) + file_size (wal_path)) / opt_count);
  out ("  rows stored:       %" G_GINT64_FORMAT " companies, %" G_GINT64_FORMAT " contacts, %"
       G_GINT64_FORMAT " events, %" G_GINT64_FORMAT " outbox entries\n",
       cn_store_count_companies (store, NULL), count_rows (store, "contacts"),
       count_rows (store, "events"), cn_store_count_outbox (store, NULL));
  out ("  peak memory:       VmHWM %.1f MiB (benchmark process, CSV in memory)\n",
       proc_kb ("/proc/self/status", "VmHWM") / 1024.0);
  g_clear_pointer (&report, cn_import_report_free);

  /* 3. Search, the full list and row loading. */
  time_searches (store, rows, opt_count);

  out ("\nList (what the virtualised portfolio list asks for)\n");
  time_full_list (store, CN_COMPANY_SORT_NAME, "by name:", &all);
  time_full_list (store, CN_COMPANY_SORT_LAST_ACTIVITY, "by date:", NULL);
  time_row_loads (store, all, TRUE, 1000);
  time_row_loads (store, all, FALSE, 1000);
  time_launch_path (work_dir, NULL);

  /* 4. The same file again: every row should be recognised. */
  out ("\nRe-import of the same file (duplicate detection)\n");
  report = timed_import (store, csv_path, &clock, &seconds, &cpu);
  out ("  time:              %.2f s, CPU %.2f s, %.0f rows/s\n", seconds, cpu, opt_count / seconds);
  out ("  report:            %u added, %u updated, %u unchanged, %u skipped, %u problems%s\n",
       report->added, report->updated, report->unchanged, report->skipped, report->problems->len,
       report->unchanged == (guint) opt_count ? " (all unchanged, as expected)" : " (expected all unchanged)");
  print_problems (report);
  g_clear_pointer (&report, cn_import_report_free);
  g_clear_object (&store);

  /* 5. How much of the import is SQLite's own work. */
  time_sqlite_floor (work_dir, db_path, import_seconds);

  /* 6. The app on this portfolio. */
  if (opt_app)
    run_app (opt_app, work_dir);

  if (opt_keep)
    out ("\nKept %s (portfolio.csv, %s)\n", work_dir, CN_STORE_FILE_NAME);
  else
    remove_work_dir (work_dir);

  g_free (rows);
  return 0;
}
