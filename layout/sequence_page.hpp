// Internal: the layout of one sequence page (sequence_layout.cpp).
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ir.hpp"
#include "layout/layout.hpp"
#include "layout/sequence_draw.hpp"

namespace dg::layout::seq {

class PageLayout {
 public:
  PageLayout(const ir::SequenceModel& model, const ir::SequencePage& page, const TextMeasurer& m,
             const LayoutOptions& options);
  Scene Run();
  /// This is page `n` of `last` (1-based): ids and %page% / %lastpage%.
  void set_page_number(int n, int last);

 private:
  struct OpenBar {
    double start = 0;
    Paint paint;
  };
  struct Bar {
    int participant = 0;
    Rect rect;
    Paint paint;
  };
  struct OpenFrame {
    std::string op;
    ir::RichText label;
    double top = 0;
    double min_x = 1e300, max_x = -1e300;  ///< content extent, innermost frame only
    Paint paint;
    std::vector<std::pair<double, ir::RichText>> elses;
  };
  struct Band {
    double y = 0, h = 0;
    ir::RichText text;
    bool divider = true;  ///< false: a delay
  };

  void MeasureHeads();
  void AssignColumns();
  void StackEvents();
  Scene EmitScene();

  ir::RichText MessageText(const ir::Message& msg) const;
  double EndX(int participant, double toward) const;
  double LeftBorder() const;
  double RightBorder() const;
  void Extend(double lo, double hi);
  double BarReach(int participant) const;
  std::pair<double, double> Endpoints(const ir::Message& msg, double label_w, double arrow_y);
  void CloseBar(int participant, double end);
  double LabelX(double from_x, double to_x, double label_w, Anchor* anchor) const;
  void AddLifeline(Group& g, double x, double top, double bottom) const;
  double DecorationTop() const;

  void Place(const ir::Message& msg, size_t index);
  void Place(const ir::Activation& a, size_t index);
  void Place(const ir::SeqNote& note, size_t index);
  void Place(const ir::FragmentStart& f, size_t index);
  void Place(const ir::FragmentElse& e, size_t index);
  void Place(const ir::FragmentEnd& e, size_t index);
  void Place(const ir::Divider& d, size_t index);
  void Place(const ir::Delay& d, size_t index);
  void Place(const ir::Spacing& s, size_t index);
  void Place(const ir::Duration& d, size_t index);

  FontSpec BoxFont(const ir::ParticipantBox& box) const;
  double BoxLabelHeight() const;
  void EmitBoxes(Scene& scene);
  void EmitParticipants(Scene& scene);
  void EmitBands(Scene& scene);
  void EmitDecorations(Scene& scene);

  const ir::SequenceModel& model_;
  const ir::SequencePage& page_;
  const TextMeasurer& m_;
  const LayoutOptions& options_;
  FontSpec font_;
  enum class Align { kLeft, kCenter, kRight, kDirection, kReverseDirection };
  double padding_ = 0;  ///< skinparam ParticipantPadding
  double box_pad_ = 0;  ///< skinparam BoxPadding
  Align align_ = Align::kLeft;   ///< skinparam SequenceMessageAlign
  bool response_below_ = false;  ///< skinparam ResponseMessageBelowArrow
  bool solid_lifelines_ = false; ///< skinparam LifelineStrategy solid
  int page_no_ = 1;
  ir::Decorations decorations_;  ///< the model's, numbered for this page

  std::vector<Size> heads_;
  double head_h_ = 0;
  std::vector<double> x_;  ///< lifeline x per participant
  double left_extra_ = 0, right_extra_ = 0;

  double top_ = 0, y_ = 0, bottom_ = 0;
  double row_top_ = 0, last_arrow_y_ = 0;
  std::map<std::string, Point> anchors_;  ///< teoz `{name}` → its message's arrow (mid x, y)
  int last_from_ = -1, last_to_ = -1;
  bool last_was_message_ = false;
  std::vector<std::vector<OpenBar>> open_bars_;
  std::vector<std::vector<Bar>> bars_;
  std::vector<double> head_top_;
  std::vector<bool> pending_create_;
  std::vector<double> destroyed_y_;
  std::vector<OpenFrame> frames_;  ///< explicit stack, innermost last
  std::vector<Band> bands_;
  std::vector<Group> fragments_, fragment_fills_, messages_, notes_;
};

/// Moves everything so the content starts at the margin; sets width/height.
void Normalize(Scene& scene);

}  // namespace dg::layout::seq
