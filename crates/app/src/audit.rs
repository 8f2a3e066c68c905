//! Reading the audit trail and verifying its chain.

use xuncha_domain::Id;
use xuncha_domain::access::{Actor, Capability};
use xuncha_domain::audit::ChainBreak;
use xuncha_store::AuditRecord;

use crate::{App, AppResult, require_visible};

impl App {
    /// Walks the whole chain: the number of events, or where it first breaks.
    pub async fn verify_audit(&self) -> AppResult<Result<i64, ChainBreak>> {
        Ok(self.store.read().await?.conn().verify_chain().await?)
    }

    /// The recorded history of one record (office only).
    pub async fn history(&self, actor: &Actor, entity: &str, id: Id) -> AppResult<Vec<AuditRecord>> {
        require_visible(actor, Capability::ReadAudit)?;
        Ok(self.store.read().await?.conn().entity_events(entity, id).await?)
    }
}
