package store

import (
	"encoding/json"
	"time"

	"newsroom/cms"
)

type auditRow struct {
	ID         string `gorm:"primaryKey"`
	ActorID    *string
	ActorName  string
	Action     string
	EntityType string
	EntityID   string
	Details    *string
	ClientIP   string
	CreatedAt  time.Time
}

func (auditRow) TableName() string { return "audit_events" }

// Audit records that the actor performed action on the entity, in the same
// transaction as the change itself so the log and the data never disagree.
func (tx *Tx) Audit(a cms.Actor, action, entityType, entityID string, details map[string]any) error {
	row := auditRow{ID: cms.NewID(tx.Now), ActorName: a.Name, Action: action, EntityType: entityType,
		EntityID: entityID, ClientIP: a.ClientIP, CreatedAt: tx.Now}
	if a.UserID != "" {
		id := a.UserID
		row.ActorID = &id
	}
	if len(details) > 0 {
		b, err := json.Marshal(details)
		if err != nil {
			return err
		}
		s := string(b)
		row.Details = &s
	}
	return translate(tx.g.Create(&row).Error)
}

// AuditFilter narrows ListAudit.
type AuditFilter struct {
	ActorID    string
	EntityType string
	EntityID   string
	Action     string
	Cursor     string
	Limit      int
}

// ListAudit returns audit events newest first.
func (tx *Tx) ListAudit(f AuditFilter) (cms.Page[*cms.AuditEvent], error) {
	q := tx.g.Model(&auditRow{})
	for col, v := range map[string]string{"actor_id": f.ActorID, "entity_type": f.EntityType, "entity_id": f.EntityID, "action": f.Action} {
		if v != "" {
			q = q.Where(col+" = ?", v)
		}
	}
	var before string
	if err := decodeCursor(f.Cursor, &before); err != nil {
		return cms.Page[*cms.AuditEvent]{}, err
	}
	if before != "" {
		q = q.Where("id < ?", before)
	}
	var rows []auditRow
	// ids are UUIDv7, so id order is creation order.
	if err := q.Order("id DESC").Limit(f.Limit + 1).Find(&rows).Error; err != nil {
		return cms.Page[*cms.AuditEvent]{}, translate(err)
	}
	page := cms.Page[*cms.AuditEvent]{}
	if len(rows) > f.Limit {
		rows = rows[:f.Limit]
		page.NextCursor = encodeCursor(rows[len(rows)-1].ID)
	}
	page.Data = make([]*cms.AuditEvent, len(rows))
	for i, r := range rows {
		e := &cms.AuditEvent{ID: r.ID, ActorID: r.ActorID, ActorName: r.ActorName, Action: r.Action,
			EntityType: r.EntityType, EntityID: r.EntityID, ClientIP: r.ClientIP, CreatedAt: r.CreatedAt.UTC()}
		if r.Details != nil {
			_ = json.Unmarshal([]byte(*r.Details), &e.Details) // written by Audit above; a bad row shows without details
		}
		page.Data[i] = e
	}
	return page, nil
}
