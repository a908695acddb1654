/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "cn-diagnostic-session.h"
#include "cn-error.h"

struct _CnDiagnosticSession
{
  GObject        parent_instance;

  char          *id;
  char          *data_dir;
  CnReferential *referential;
  GHashTable    *answers;

  /* The writer: one thread, so writes keep their order. */
  GThreadPool   *writer;
  CnStore       *writer_store;  /* opened and used by the writer thread only */
  GMutex         lock;          /* guards pending, error */
  GCond          idle;
  guint          pending;
  GError        *error;         /* the first failed write since the last flush */
  GPtrArray     *failed;        /* writes to try again at the next flush */
  GMainContext  *context;       /* where "write-failed" is emitted */
};

G_DEFINE_FINAL_TYPE (CnDiagnosticSession, cn_diagnostic_session, G_TYPE_OBJECT)

enum {
  WRITE_FAILED,
  N_SIGNALS
};
static guint signals[N_SIGNALS];

typedef struct {
  char  *question;
  char **choices;       /* NULL: forget the answer */
  gboolean position_only;
} Write;

static void
write_free (Write *write)
{
  g_free (write->question);
  g_strfreev (write->choices);
  g_free (write);
}

typedef struct {
  CnDiagnosticSession *session;
  char                *message;
} Failure;

static gboolean
emit_write_failed (gpointer data)
{
  Failure *failure = data;

  g_signal_emit (failure->session, signals[WRITE_FAILED], 0, failure->message);
  g_object_unref (failure->session);
  g_free (failure->message);
  g_free (failure);
  return G_SOURCE_REMOVE;
}

static void
run_write (gpointer data,
           gpointer user_data)
{
  Write *write = data;
  CnDiagnosticSession *self = user_data;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (self->writer_store == NULL)
    self->writer_store = cn_store_open (self->data_dir, &error);
  if (self->writer_store == NULL)
    ok = FALSE;
  else if (write->position_only)
    ok = cn_store_set_diagnostic_position (self->writer_store, self->id, write->question, &error);
  else
    ok = cn_store_save_answer (self->writer_store, self->referential, self->id, write->question,
                               (const char *const *) write->choices, &error);

  g_mutex_lock (&self->lock);
  if (!ok)
    {
      /* Kept to try again at the next flush: a locked database or a full
       * disk may well be gone by then. */
      g_ptr_array_add (self->failed, write);
      write = NULL;
      if (self->error == NULL)
        {
          Failure *failure = g_new0 (Failure, 1);

          self->error = g_error_copy (error);
          /* The session is alive: finalize cannot run before the pool is
           * done (see dispose). */
          failure->session = g_object_ref (self);
          failure->message = g_strdup (error->message);
          g_main_context_invoke (self->context, emit_write_failed, failure);
        }
    }
  self->pending--;
  g_cond_broadcast (&self->idle);
  g_mutex_unlock (&self->lock);
  if (write != NULL)
    write_free (write);
}

static void
queue_write (CnDiagnosticSession *self,
             Write               *write)
{
  g_mutex_lock (&self->lock);
  self->pending++;
  g_mutex_unlock (&self->lock);
  g_thread_pool_push (self->writer, write, NULL);
}

static void
wait_idle (CnDiagnosticSession *self)
{
  while (self->pending > 0)
    g_cond_wait (&self->idle, &self->lock);
}

gboolean
cn_diagnostic_session_flush (CnDiagnosticSession  *self,
                             GError              **error)
{
  g_autoptr(GPtrArray) retry = NULL;
  gboolean ok;

  g_return_val_if_fail (CN_IS_DIAGNOSTIC_SESSION (self), FALSE);

  g_mutex_lock (&self->lock);
  wait_idle (self);
  /* The writes that failed get one more try, in their order. */
  if (self->failed->len > 0)
    {
      retry = g_steal_pointer (&self->failed);
      self->failed = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
      /* The pool owns them now. */
      g_ptr_array_set_free_func (retry, NULL);
      g_clear_error (&self->error);
      self->pending += retry->len;
      for (guint i = 0; i < retry->len; i++)
        g_thread_pool_push (self->writer, retry->pdata[i], NULL);
      wait_idle (self);
    }
  ok = self->error == NULL;
  if (!ok)
    g_propagate_error (error, g_error_copy (self->error));
  /* Reported once; what still fails is kept for the next flush. */
  g_clear_error (&self->error);
  g_mutex_unlock (&self->lock);
  return ok;
}

static void
cn_diagnostic_session_dispose (GObject *object)
{
  CnDiagnosticSession *self = CN_DIAGNOSTIC_SESSION (object);

  /* Lets the queued answers reach the disk before going, while the
   * session can still be referenced by a failing write. */
  if (self->writer != NULL)
    {
      g_thread_pool_free (g_steal_pointer (&self->writer), FALSE, TRUE);
      g_clear_object (&self->writer_store);
    }
  G_OBJECT_CLASS (cn_diagnostic_session_parent_class)->dispose (object);
}

static void
cn_diagnostic_session_finalize (GObject *object)
{
  CnDiagnosticSession *self = CN_DIAGNOSTIC_SESSION (object);

  g_free (self->id);
  g_free (self->data_dir);
  g_clear_pointer (&self->referential, cn_referential_unref);
  g_hash_table_unref (self->answers);
  g_clear_error (&self->error);
  g_ptr_array_free (self->failed, TRUE);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->idle);
  g_main_context_unref (self->context);

  G_OBJECT_CLASS (cn_diagnostic_session_parent_class)->finalize (object);
}

static void
cn_diagnostic_session_class_init (CnDiagnosticSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = cn_diagnostic_session_dispose;
  G_OBJECT_CLASS (klass)->finalize = cn_diagnostic_session_finalize;

  /* An answer could not be written (disk full, read-only folder…); the
   * message is for the user. */
  signals[WRITE_FAILED] = g_signal_new ("write-failed",
                                        G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL,
                                        G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
cn_diagnostic_session_init (CnDiagnosticSession *self)
{
  g_mutex_init (&self->lock);
  g_cond_init (&self->idle);
  self->answers = cn_answers_new ();
  self->failed = g_ptr_array_new_with_free_func ((GDestroyNotify) write_free);
  self->context = g_main_context_ref_thread_default ();
}

static void
copy_answer (gpointer key,
             gpointer value,
             gpointer user_data)
{
  cn_answers_set (user_data, key, value);
}

CnDiagnosticSession *
cn_diagnostic_session_new (CnStore       *store,
                           CnReferential *referential,
                           CnDiagnostic  *diagnostic)
{
  CnDiagnosticSession *self = g_object_new (CN_TYPE_DIAGNOSTIC_SESSION, NULL);

  self->id = g_strdup (diagnostic->id);
  self->data_dir = g_path_get_dirname (cn_store_get_path (store));
  self->referential = cn_referential_ref (referential);
  g_hash_table_foreach (diagnostic->answers, copy_answer, self->answers);
  /* Exclusive: the one thread lives as long as the session, with its
   * connection. */
  self->writer = g_thread_pool_new (run_write, self, 1, TRUE, NULL);
  return self;
}

const char *
cn_diagnostic_session_get_id (CnDiagnosticSession *self)
{
  return self->id;
}

CnReferential *
cn_diagnostic_session_get_referential (CnDiagnosticSession *self)
{
  return self->referential;
}

GHashTable *
cn_diagnostic_session_get_answers (CnDiagnosticSession *self)
{
  return self->answers;
}

const char *const *
cn_diagnostic_session_get_answer (CnDiagnosticSession *self,
                                  const char          *question)
{
  return cn_answers_get (self->answers, question);
}

gboolean
cn_diagnostic_session_answer (CnDiagnosticSession  *self,
                              const char           *question,
                              const char *const    *choices,
                              GError              **error)
{
  Write *write;

  g_return_val_if_fail (CN_IS_DIAGNOSTIC_SESSION (self), FALSE);

  if (choices != NULL && choices[0] != NULL &&
      !cn_referential_check_answer (self->referential, question, choices, error))
    return FALSE;
  if (cn_referential_find_question (self->referential, question) == NULL)
    return cn_referential_check_answer (self->referential, question, NULL, error);

  cn_answers_set (self->answers, question, choices);
  write = g_new0 (Write, 1);
  write->question = g_strdup (question);
  write->choices = choices && choices[0] ? g_strdupv ((char **) choices) : NULL;
  queue_write (self, write);
  return TRUE;
}

void
cn_diagnostic_session_set_position (CnDiagnosticSession *self,
                                    const char          *question)
{
  Write *write;

  g_return_if_fail (CN_IS_DIAGNOSTIC_SESSION (self));

  write = g_new0 (Write, 1);
  write->question = g_strdup (question);
  write->position_only = TRUE;
  queue_write (self, write);
}
